using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Collection;

public sealed class RowSetPlannerTests
{
    private static readonly string[] BatchIds = ["b0", "b1", "b2"];

    /// <summary>Rows in time order: 600 of b0, 300 of b1, then <paramref name="newest"/> of b2.</summary>
    private static (int[] Order, int[] BatchOfRow) Rows(int newest = 100)
    {
        var batchOfRow = Enumerable.Repeat(0, 600).Concat(Enumerable.Repeat(1, 300)).Concat(Enumerable.Repeat(2, newest)).ToArray();
        return (Enumerable.Range(0, batchOfRow.Length).ToArray(), batchOfRow);
    }

    [Fact]
    public void Plan_NoProduction_HoldsOutTheNewestFraction()
    {
        // Arrange
        var (order, batchOfRow) = Rows();

        // Act
        var sets = RowSetPlanner.Plan(order, batchOfRow, BatchIds, null, new GateSpec());

        // Assert: 20 % comparison, 10 % selection, the rest training.
        Assert.Equal((700, 100, 200, ComparisonBasis.NoProduction), (sets.TrainingRows, sets.SelectionRows, sets.ComparisonRows, sets.Basis));
    }

    [Fact]
    public void Plan_ProductionSawOlderBatches_ComparesOnTheNewestHalfOfTheUnseenBatch()
    {
        // Arrange
        var (order, batchOfRow) = Rows();
        var production = new ProductionLineage("v1", new HashSet<string> { "b0", "b1" });

        // Act
        var sets = RowSetPlanner.Plan(order, batchOfRow, BatchIds, production, new GateSpec());

        // Assert: the newest 50 of b2's 100 rows; the older 50 are the challenger's newest selection rows (10 % of 950).
        Assert.Equal((855, 95, 50), (sets.TrainingRows, sets.SelectionRows, sets.ComparisonRows));
        Assert.Equal((ComparisonBasis.UnseenByProduction, "v1", 100), (sets.Basis, sets.ProductionVersion, sets.UnseenRows));
        Assert.Contains("never saw", sets.Description, StringComparison.Ordinal);
        Assert.Contains("gate.comparisonUnseenShare 0.5", sets.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ShareOne_ComparesOnEveryUnseenRow()
    {
        // Arrange
        var (order, batchOfRow) = Rows();
        var production = new ProductionLineage("v1", new HashSet<string> { "b0", "b1" });

        // Act
        var sets = RowSetPlanner.Plan(order, batchOfRow, BatchIds, production, new GateSpec { ComparisonUnseenShare = 1 });

        // Assert: the 100 rows of b2; selection is the newest 10 % of the 900 rows before them.
        Assert.Equal((810, 90, 100), (sets.TrainingRows, sets.SelectionRows, sets.ComparisonRows));
    }

    [Fact]
    public void Plan_SelectionMaxRows_KeepsTheNewestSelectionRowsAndTrainsOnTheRest()
    {
        // Arrange
        var (order, batchOfRow) = Rows();
        var production = new ProductionLineage("v1", new HashSet<string> { "b0", "b1" });

        // Act
        var sets = RowSetPlanner.Plan(order, batchOfRow, BatchIds, production, new GateSpec { SelectionMaxRows = 40 });

        // Assert: 95 selection rows would be 10 % of the 950 rows before the comparison rows; 40 are kept.
        Assert.Equal((910, 40, 50), (sets.TrainingRows, sets.SelectionRows, sets.ComparisonRows));
    }

    [Fact]
    public void Plan_FewerUnseenRowsThanTheMinimum_NonInferiorityKeepsTheShare()
    {
        // Arrange: 60 unseen rows; half is 30, under gate.minHoldoutRows 50.
        var (order, batchOfRow) = Rows(newest: 60);
        var production = new ProductionLineage("v1", new HashSet<string> { "b0", "b1" });

        // Act
        var sets = RowSetPlanner.Plan(order, batchOfRow, BatchIds, production, new GateSpec());

        // Assert: the challenger learns the older 30 unseen rows; the gate decides on thin evidence.
        Assert.Equal((30, 60), (sets.ComparisonRows, sets.UnseenRows));
    }

    [Fact]
    public void Plan_FewerUnseenRowsThanTheMinimum_SuperiorityComparesOnTheMinimum()
    {
        // Arrange: 60 unseen rows; a superiority gate needs 50 to show a gain.
        var (order, batchOfRow) = Rows(newest: 60);
        var production = new ProductionLineage("v1", new HashSet<string> { "b0", "b1" });

        // Act
        var sets = RowSetPlanner.Plan(order, batchOfRow, BatchIds, production, new GateSpec { Mode = GateMode.Superiority });

        // Assert
        Assert.Equal((50, 60), (sets.ComparisonRows, sets.UnseenRows));
        Assert.Equal(50, RowSetPlanner.MinimumComparisonRows(new GateSpec { Mode = GateMode.Superiority }));
        Assert.Equal(RowSetPlanner.ThinEvidenceFloor, RowSetPlanner.MinimumComparisonRows(new GateSpec()));
    }

    [Fact]
    public void Plan_ProductionStayedForTwoBatches_ComparisonRowsGrow()
    {
        // Arrange: production saw b0 only, so b1 and b2 are both newer than its training data.
        var (order, batchOfRow) = Rows();
        var production = new ProductionLineage("v1", new HashSet<string> { "b0" });

        // Act
        var sets = RowSetPlanner.Plan(order, batchOfRow, BatchIds, production, new GateSpec());

        // Assert: half of the 400 unseen rows, against half of 100 when production had seen b1 too.
        Assert.Equal((200, 400), (sets.ComparisonRows, sets.UnseenRows));
    }

    [Fact]
    public void Plan_MoreUnseenRowsThanTheCap_ComparesOnTheNewestAndTrainsOnTheRest()
    {
        // Arrange
        var (order, batchOfRow) = Rows();
        var production = new ProductionLineage("v1", new HashSet<string> { "b0" });

        // Act
        var sets = RowSetPlanner.Plan(order, batchOfRow, BatchIds, production, new GateSpec { ComparisonMaxRows = 150 });

        // Assert: the 250 older unseen rows are training or selection rows, never comparison rows.
        Assert.Equal((150, 400), (sets.ComparisonRows, sets.UnseenRows));
        Assert.Equal(850, sets.TrainingRows + sets.SelectionRows);
        Assert.Contains("gate.comparisonMaxRows", sets.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ProductionSawNothingInTheWindow_KeepsHalfTheWindowToLearnFrom()
    {
        // Arrange
        var (order, batchOfRow) = Rows();
        var production = new ProductionLineage("v1", new HashSet<string> { "older" });

        // Act
        var sets = RowSetPlanner.Plan(order, batchOfRow, BatchIds, production, new GateSpec { ComparisonUnseenShare = 1 });

        // Assert
        Assert.Equal((500, 1_000), (sets.ComparisonRows, sets.UnseenRows));
        Assert.Contains("half the window", sets.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_NoRowNewerThanProduction_HasNoComparisonRows()
    {
        // Arrange
        var (order, batchOfRow) = Rows();
        var production = new ProductionLineage("v1", new HashSet<string>(BatchIds));

        // Act
        var sets = RowSetPlanner.Plan(order, batchOfRow, BatchIds, production, new GateSpec());

        // Assert
        Assert.Equal((0, 1_000), (sets.ComparisonRows, sets.TrainingRows + sets.SelectionRows));
    }

    [Fact]
    public void Plan_ProductionLineageUnknown_FallsBackToTheFractionAndSaysSo()
    {
        // Arrange
        var (order, batchOfRow) = Rows();

        // Act
        var sets = RowSetPlanner.Plan(order, batchOfRow, BatchIds, new ProductionLineage("v0", null), new GateSpec());

        // Assert
        Assert.Equal((200, ComparisonBasis.LineageUnknown), (sets.ComparisonRows, sets.Basis));
        Assert.Contains("may have seen", sets.Description, StringComparison.Ordinal);
    }
}
