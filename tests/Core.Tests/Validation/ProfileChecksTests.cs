using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Specs;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Tests.Validation;

public sealed class ProfileChecksTests
{
    private readonly ModelSpec _spec = new ModelSpecBuilder().Build();
    private readonly DatasetProfile _reference = new ProfileRowsBuilder(1).Profile(2_000);

    [Fact]
    public void Check_BatchLikeReference_NoFindings()
    {
        var batch = new ProfileRowsBuilder(2).Profile(500);

        Assert.Empty(ProfileChecks.Check(batch, _reference, _spec));
    }

    [Fact]
    public void Check_ValuesFarBeyondTrainingRange_OutOfRangeWarningWithFigures()
    {
        var batch = new ProfileRowsBuilder(2).WithX1((r, i) => i % 10 == 0 ? 100 : ProfileRowsBuilder.Normal(r)).Profile(500);

        var finding = Assert.Single(ProfileChecks.Check(batch, _reference, _spec));

        Assert.Equal((FindingSeverity.Warning, ValidationCheck.OutOfRange, "x1", "0.1", "0.01"), (finding.Severity, finding.Check, finding.Column, finding.Observed, finding.Limit));
    }

    [Fact]
    public void Check_NewCategoryOverLimit_UnseenCategoryWarningNamesIt()
    {
        var batch = new ProfileRowsBuilder(2).WithColor((r, _) => r.NextDouble() < 0.2 ? "purple" : "red").Profile(500);

        var finding = Assert.Single(ProfileChecks.Check(batch, _reference, _spec));

        Assert.Equal((ValidationCheck.UnseenCategory, "color"), (finding.Check, finding.Column));
        Assert.Contains("'purple'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NewCategoryUnderLimit_NoFinding()
    {
        var batch = new ProfileRowsBuilder(2).WithColor((_, i) => i == 0 ? "purple" : i % 2 == 0 ? "red" : "blue").Profile(500);

        Assert.Empty(ProfileChecks.Check(batch, _reference, _spec));
    }

    [Fact]
    public void Check_ConstantFeature_ConstantColumnWarning()
    {
        var batch = new ProfileRowsBuilder(2).WithX2((_, _) => 0.25).Profile(500);

        var finding = Assert.Single(ProfileChecks.Check(batch, _reference, _spec));

        Assert.Equal((ValidationCheck.ConstantColumn, "x2", "0.25"), (finding.Check, finding.Column, finding.Observed));
    }

    [Fact]
    public void Check_DuplicatedRows_DuplicateRowsWarningWithShare()
    {
        var rows = new ProfileRowsBuilder(2).Rows(400);
        var batch = ProfileRowsBuilder.ProfileOf(rows.Concat(rows.Take(100)));

        var finding = Assert.Single(ProfileChecks.Check(batch, _reference, _spec));

        Assert.Equal((ValidationCheck.DuplicateRows, "0.2"), (finding.Check, finding.Observed));
    }

    [Theory]
    [InlineData(false, FindingSeverity.Warning)]
    [InlineData(true, FindingSeverity.Error)]
    public void Check_LabelClassNeverSeen_UnseenLabelWithConfiguredSeverity(bool isError, FindingSeverity expected)
    {
        var spec = new ModelSpecBuilder().WithValidation(new ValidationSpec { UnseenLabelIsError = isError }).WithTask(ModelTask.MulticlassClassification).Build();
        var reference = new ProfileRowsBuilder(1).Profile(2_000, spec);
        var batch = new ProfileRowsBuilder(2).WithLabel((r, _, _) => r.NextDouble() < 0.3 ? "yes" : r.NextDouble() < 0.5 ? "no" : "maybe").Profile(500, spec);

        var finding = Assert.Single(ProfileChecks.Check(batch, reference, spec));

        Assert.Equal((expected, ValidationCheck.UnseenLabel), (finding.Severity, finding.Check));
        Assert.Contains("'maybe'", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Check_LabelClassDifferingOnlyInCaseFromTraining_RefusedAsErrorNotCalledUnseen(bool unseenLabelIsError)
    {
        var spec = new ModelSpecBuilder().WithValidation(new ValidationSpec { UnseenLabelIsError = unseenLabelIsError }).WithTask(ModelTask.MulticlassClassification).Build();
        var reference = new ProfileRowsBuilder(1).Profile(2_000, spec);
        var batch = new ProfileRowsBuilder(2).WithLabel((r, _, _) => r.NextDouble() < 0.5 ? "YES" : "no").Profile(500, spec);

        var finding = Assert.Single(ProfileChecks.Check(batch, reference, spec));

        Assert.Equal((FindingSeverity.Error, ValidationCheck.Label, "label"), (finding.Severity, finding.Check, finding.Column));
        Assert.Contains("'YES' where the training data had 'yes'", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never had", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FeatureThatIsTheLabel_LeakageWarningOnThatFeatureOnly()
    {
        var batch = new ProfileRowsBuilder(2).WithLabel((_, _, x1) => x1 > 0.3 ? "yes" : "no").Profile(2_000);

        var finding = Assert.Single(ProfileChecks.Check(batch, reference: null, _spec));

        Assert.Equal((ValidationCheck.LabelLeakage, "x1"), (finding.Check, finding.Column));
    }
}
