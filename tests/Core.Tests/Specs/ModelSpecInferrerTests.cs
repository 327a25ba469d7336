using System.Globalization;
using System.Text;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Specs;

public sealed class ModelSpecInferrerTests
{
    private const string Elec2Like = """
        timestamp,date,day,period,nswprice,class
        1996-05-07T00:00,0,2,0,0.056443,UP
        1996-05-07T00:30,0,2,0.021277,0.051699,UP
        1996-05-07T01:00,0,2,0.042553,0.051489,DOWN
        1996-05-07T01:30,0,3,0.06383,0.045485,DOWN
        """;

    [Fact]
    public void Infer_Elec2LikeData_BinaryWithUpPositiveTimestampAndConstantDateKept()
    {
        var inference = Infer(Elec2Like, new SpecInferenceOptions { Model = "elec", Label = "class" });

        var spec = inference.Spec;
        Assert.Equal(ModelTask.BinaryClassification, spec.Task);
        Assert.Equal("UP", spec.Label.PositiveClass);
        Assert.Equal("timestamp", spec.TimestampColumn);
        Assert.Equal(["date", "day", "period", "nswprice"], spec.Features.Select(f => f.Name));
        Assert.All(spec.Features, f => Assert.Equal(FeatureType.Numeric, f.Type));
        Assert.Contains(inference.Notes, n => n.Contains("'date': numeric (0.0% missing); constant in the sample, kept", StringComparison.Ordinal));
        Assert.Equal([TrainerKind.LightGbm, TrainerKind.LbfgsLogisticRegression, TrainerKind.Ensemble], spec.Trainers);
        Assert.Equal(CandidateSelection.Ensembles, spec.Gate.SelectAmong);
        Assert.Contains(inference.Notes, n => n.StartsWith("Trainers: LightGbm and LbfgsLogisticRegression, averaged by Ensemble", StringComparison.Ordinal) && n.Contains("gate.selectAmong Ensembles", StringComparison.Ordinal));
    }

    [Fact]
    public void Infer_TextColumnsAndNumericLabel_CategoricalAndRegression()
    {
        var rows = string.Join('\n', Enumerable.Range(0, 60).Select(i => $"{(i % 3 == 0 ? "red" : "blue")},{i * 7 % 60 * 1.5},{i * 10.25}"));

        var inference = Infer($"color,size,price\n{rows}\n", new SpecInferenceOptions { Model = "prices", Label = "price" });
        var spec = inference.Spec;

        Assert.Equal(ModelTask.Regression, spec.Task);
        Assert.Null(spec.Label.PositiveClass);
        Assert.Equal(FeatureType.Categorical, spec.Features.Single(f => f.Name == "color").Type);
        Assert.Equal(FeatureType.Numeric, spec.Features.Single(f => f.Name == "size").Type);
        Assert.Equal([TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.Ensemble], spec.Trainers);
        Assert.Contains(inference.Notes, n => n.StartsWith("Trainers: LightGbm and FastTree, averaged by Ensemble", StringComparison.Ordinal));
        Assert.Equal(CandidateSelection.Ensembles, spec.Gate.SelectAmong);
        Assert.Equal(1_000, spec.Gate.SelectionMaxRows);
    }

    [Fact]
    public void Infer_ThreeTextClasses_Multiclass()
    {
        var spec = Infer("x,kind\n1,cat\n2,dog\n3,bird\n4,cat\n", new SpecInferenceOptions { Model = "pets", Label = "kind" }).Spec;

        Assert.Equal(ModelTask.MulticlassClassification, spec.Task);
    }

    [Fact]
    public void Infer_AmbiguousPositiveClass_AsksForOption()
    {
        var ex = Assert.Throws<ModelSpecException>(() => Infer("x,team\n1,red\n2,blue\n", new SpecInferenceOptions { Model = "teams", Label = "team" }));

        Assert.Contains("--positive-class", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'red'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Infer_IdColumnAndExcludedColumn_AreLeftOut()
    {
        var rows = string.Join('\n', Enumerable.Range(0, 60).Select(i => $"id{i},{i % 7},{i % 5},{(i % 2 == 0 ? "1" : "0")}"));

        var inference = Infer($"id,a,leak,y\n{rows}\n", new SpecInferenceOptions { Model = "ids", Label = "y", Exclude = ["leak"] });

        Assert.Equal(["a"], inference.Spec.Features.Select(f => f.Name));
        Assert.Equal("1", inference.Spec.Label.PositiveClass);
        Assert.Contains(inference.Notes, n => n.Contains("looks like an id", StringComparison.Ordinal));
    }

    [Fact]
    public void Infer_UnknownLabel_NamesColumns()
    {
        var ex = Assert.Throws<ModelSpecException>(() => Infer("a,b\n1,2\n", new SpecInferenceOptions { Model = "m1", Label = "y" }));

        Assert.StartsWith("label:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Infer_NumericColumnMovingWithRowOrder_LeftOutWithRankCorrelationNote()
    {
        var inference = InferShop();

        Assert.DoesNotContain(inference.Spec.Features, f => f.Name == "day_counter");
        Assert.Contains(
            "'day_counter': left out, moves with time (rank correlation 1.000 with row order); every future value lies outside the training range. Pass --include day_counter to keep it.",
            inference.Notes);
    }

    [Fact]
    public void Infer_TimestampColumn_TimeMeasuredByItsValuesNotTheRowOrder()
    {
        // Arrange: rows shuffled; 'day_counter' still grows with the timestamp, not with the row order.
        var csv = Table.Csv(withTimestamp: true, shuffled: true);

        // Act
        var inference = Infer(csv, new SpecInferenceOptions { Model = "shop", Label = "sales" });

        // Assert
        Assert.Equal("ts", inference.Spec.TimestampColumn);
        Assert.Contains(inference.Notes, n => n.StartsWith("'day_counter': left out, moves with time (rank correlation 1.000 with 'ts')", StringComparison.Ordinal));
    }

    [Fact]
    public void Infer_IntegerColumnUniquePerRow_LeftOutAsId()
    {
        var inference = InferShop();

        Assert.DoesNotContain(inference.Spec.Features, f => f.Name == "order_id");
        Assert.Contains("'order_id': left out, its 200 values are distinct integers, one per row: looks like an id. Pass --include order_id to keep it.", inference.Notes);
    }

    [Fact]
    public void Infer_FloatColumnUniquePerRow_KeptAsNumeric()
    {
        var inference = InferShop();

        Assert.Contains(new FeatureSpec("unit_price", FeatureType.Numeric), inference.Spec.Features);
    }

    [Fact]
    public void Infer_TwoColumnsSummingToTheLabel_BothLeftOutNamingThePair()
    {
        var inference = InferShop();

        Assert.DoesNotContain(inference.Spec.Features, f => f.Name is "online" or "in_store");
        const string Reason = "'online' + 'in_store' equals the label 'sales' on 100.0% of rows (label leakage; both are left out)";
        Assert.Contains($"'online': left out, {Reason}. Pass --include online to keep it.", inference.Notes);
        Assert.Contains($"'in_store': left out, {Reason}. Pass --include in_store to keep it.", inference.Notes);
    }

    [Fact]
    public void Infer_OneOfTwoSummandsAloneCorrelatesWithTheLabel_BothLeftOut()
    {
        // Arrange: registered carries almost all of cnt (correlation >= 0.99 alone); casual is the small rest.
        var random = new Random(3);
        var rows = new StringBuilder("registered,casual,temp,cnt\n");
        for (var i = 0; i < 300; i++)
        {
            var registered = random.Next(50, 500);
            var casual = random.Next(0, 6);
            rows.Append(CultureInfo.InvariantCulture, $"{registered},{casual},{random.Next(0, 30)},{registered + casual}\n");
        }

        // Act
        var inference = Infer(rows.ToString(), new SpecInferenceOptions { Model = "bike", Label = "cnt" });

        // Assert: both out (casual by the sum, not by a correlation that any small column would keep), temp kept.
        Assert.Equal(["temp"], inference.Spec.Features.Select(f => f.Name));
        Assert.Contains(inference.Notes, n => n.StartsWith("'registered': left out, correlation", StringComparison.Ordinal));
        Assert.Contains("'casual': left out, 'registered' + 'casual' equals the label 'cnt' on 100.0% of rows (label leakage; both are left out). Pass --include casual to keep it.", inference.Notes);
    }

    [Fact]
    public void Infer_TwoColumnsWhoseDifferenceIsTheLabel_BothLeftOut()
    {
        var inference = Infer(Table.Csv(), new SpecInferenceOptions { Model = "shop", Label = "sales", Exclude = ["online", "in_store"] });

        Assert.DoesNotContain(inference.Spec.Features, f => f.Name is "gross" or "returns");
        Assert.Contains(inference.Notes, n => n.StartsWith("'gross': left out, 'gross' - 'returns' equals the label 'sales'", StringComparison.Ordinal));
    }

    [Fact]
    public void Infer_ColumnEqualToTheLabelOn99Point5PercentOfRows_LeftOut()
    {
        var inference = InferShop();

        Assert.DoesNotContain(inference.Spec.Features, f => f.Name == "booked_sales");
        Assert.Contains("'booked_sales': left out, equal to the label 'sales' on 99.5% of rows (label leakage: known only with the outcome). Pass --include booked_sales to keep it.", inference.Notes);
    }

    [Fact]
    public void Infer_ColumnWeaklyCorrelatedWithTheLabel_Kept()
    {
        var inference = InferShop();

        Assert.Contains(new FeatureSpec("footfall", FeatureType.Numeric), inference.Spec.Features);
        Assert.Contains("'footfall': numeric (0.0% missing).", inference.Notes);
    }

    [Fact]
    public void Infer_ConstantNumericAndTextColumns_KeptWithNote()
    {
        var inference = InferShop();

        Assert.Contains(new FeatureSpec("tax_rate", FeatureType.Numeric), inference.Spec.Features);
        Assert.Contains(new FeatureSpec("country", FeatureType.Categorical), inference.Spec.Features);
        Assert.Contains("'tax_rate': numeric (0.0% missing); constant in the sample, kept: it may vary in later data.", inference.Notes);
        Assert.Contains("'country': categorical, 1 distinct values; constant in the sample, kept: it may vary in later data.", inference.Notes);
    }

    [Fact]
    public void Infer_IncludedColumnsTheRulesWouldLeaveOut_KeptWithTheReason()
    {
        var inference = Infer(Table.Csv(), new SpecInferenceOptions { Model = "shop", Label = "sales", Include = ["day_counter", "online"] });

        Assert.Contains(new FeatureSpec("day_counter", FeatureType.Numeric), inference.Spec.Features);
        Assert.Contains(new FeatureSpec("online", FeatureType.Numeric), inference.Spec.Features);
        Assert.DoesNotContain(inference.Spec.Features, f => f.Name is "in_store" or "order_id");
        Assert.Contains(inference.Notes, n => n.StartsWith("'day_counter': numeric (0.0% missing); kept by --include although moves with time", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("nope", "not in the data")]
    [InlineData("online", "also excluded (--exclude)")]
    public void Infer_IncludeOfUnknownOrExcludedColumn_IsRefusedNamingIt(string column, string problem)
    {
        var ex = Assert.Throws<ModelSpecException>(() => Infer(Table.Csv(), new SpecInferenceOptions { Model = "shop", Label = "sales", Include = [column], Exclude = ["online"] }));

        Assert.Equal($"include: column '{column}' is {problem}.", ex.Message);
    }

    [Fact]
    public void Infer_BinaryColumnCopyingThePositiveClass_LeftOut()
    {
        // Arrange: 'refunded' is 1 exactly when the label is "yes" (the positive class, coded 1).
        var rows = Enumerable.Range(0, 100).Select(i => $"{i * 37 % 100 * 0.5},{(i % 3 == 0 ? 1 : 0)},{(i % 3 == 0 ? "yes" : "no")}");

        // Act
        var inference = Infer($"amount,refunded,churn\n{string.Join('\n', rows)}\n", new SpecInferenceOptions { Model = "churn", Label = "churn" });

        // Assert
        Assert.Equal(["amount"], inference.Spec.Features.Select(f => f.Name));
        Assert.Contains(inference.Notes, n => n.StartsWith("'refunded': left out, equal to the label 'churn' on 100.0% of rows", StringComparison.Ordinal));
    }

    private static SpecInference InferShop() => Infer(Table.Csv(), new SpecInferenceOptions { Model = "shop", Label = "sales" });

    private static SpecInference Infer(string csv, SpecInferenceOptions options) =>
        ModelSpecInferrer.Infer(new MemoryStream(Encoding.UTF8.GetBytes(csv.Replace("\r\n", "\n", StringComparison.Ordinal))), options);

    /// <summary>
    /// A deterministic shop table of 200 rows: the label <c>sales</c> = <c>online</c> + <c>in_store</c> =
    /// <c>gross</c> − <c>returns</c>; <c>booked_sales</c> equals it except on one row; <c>footfall</c> is weakly related to
    /// it; <c>day_counter</c> grows row by row; <c>order_id</c> is a shuffled integer id; <c>unit_price</c> is a float
    /// unique per row; <c>tax_rate</c> and <c>country</c> are constant.
    /// </summary>
    private static class Table
    {
        private const int Rows = 200;

        public static string Csv(bool withTimestamp = false, bool shuffled = false)
        {
            var random = new Random(7);
            var lines = new List<string>();
            for (var i = 0; i < Rows; i++)
            {
                var online = random.Next(0, 50);
                var inStore = random.Next(0, 80);
                var sales = online + inStore;
                var returns = random.Next(0, 60);
                var booked = i == 17 ? sales + 40 : sales;
                var footfall = (sales / 4) + random.Next(0, 60);
                var price = Math.Round(5 + (random.NextDouble() * 20), 6);
                var timestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
                lines.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{(withTimestamp ? timestamp + "," : string.Empty)}{i * 0.25},{(i * 37 % Rows) + 1000},{price},{online},{inStore},{sales + returns},{returns},{booked},{footfall},0.2,NZ,{sales}"));
            }

            if (shuffled)
            {
                new Random(3).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lines));
            }

            var header = $"{(withTimestamp ? "ts," : string.Empty)}day_counter,order_id,unit_price,online,in_store,gross,returns,booked_sales,footfall,tax_rate,country,sales";
            return $"{header}\n{string.Join('\n', lines)}\n";
        }
    }
}
