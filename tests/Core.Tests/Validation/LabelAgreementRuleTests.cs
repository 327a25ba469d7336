using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Tests.Validation;

public sealed class LabelAgreementRuleTests
{
    private static readonly ValidationSpec Limits = new();

    [Theory]
    [InlineData(3, 10, 0.2, 0.3222004736)] // Σ C(n,i) pⁱ (1−p)ⁿ⁻ⁱ, i ≥ k, summed exactly with Python math.comb
    [InlineData(40, 100, 0.25, 0.0006865922)]
    [InlineData(0, 50, 0.1, 1.0)]
    [InlineData(51, 50, 0.1, 0.0)]
    public void BinomialUpperTail_KnownValues_MatchExactSums(int k, int n, double p, double expected)
    {
        // Act
        var tail = LabelAgreementRule.BinomialUpperTail(k, n, p);

        // Assert
        Assert.Equal(expected, tail, 1e-8);
    }

    [Fact]
    public void Drop_ErrorWithinToleranceOfExpected_IsNotSignificant()
    {
        // Arrange: 13 % errors where 10 % are expected (tolerance 5 points).
        // Act
        var drop = LabelAgreementRule.Drop(400, 52, holdoutError: 0.10, calibratedError: 0.07, Limits);

        // Assert
        Assert.Equal(0.10, drop.Expected, 12);
        Assert.False(drop.Significant);
    }

    [Fact]
    public void Drop_CalibratedErrorAboveHoldoutError_IsTheExpectation()
    {
        // Arrange: the batch lies where production is unsure: its probabilities predict 25 % errors; 28 % observed.
        // Act
        var drop = LabelAgreementRule.Drop(400, 112, holdoutError: 0.10, calibratedError: 0.25, Limits);

        // Assert
        Assert.Equal(0.25, drop.Expected, 12);
        Assert.False(drop.Significant);
    }

    [Fact]
    public void Conclude_NoSignificantDrop_Agrees()
    {
        // Arrange
        var drop = LabelAgreementRule.Drop(400, 44, 0.10, null, Limits);

        // Act
        var result = LabelAgreementRule.Conclude("v1", 400, 44, 0.10, null, drop, null, Limits);

        // Assert
        Assert.Equal(LabelAgreementVerdict.Agrees, result.Verdict);
        Assert.Null(LabelAgreementRule.Finding(result, Spec()));
    }

    [Fact]
    public void Conclude_SampleOfALargerBatch_NamesTheSampleAndTheBatchSize()
    {
        // Arrange: production scored 100,000 evenly spread rows of a 1,000,000-row batch.
        var drop = LabelAgreementRule.Drop(100_000, 10_000, holdoutError: 0.10, calibratedError: null, Limits);

        // Act
        var sampled = LabelAgreementRule.Conclude("v1", 100_000, 10_000, 0.10, null, drop, null, Limits, batchRows: 1_000_000);
        var whole = LabelAgreementRule.Conclude("v1", 100_000, 10_000, 0.10, null, drop, null, Limits);

        // Assert
        Assert.Contains("of 100,000 labels (an evenly spread sample of the batch's 1,000,000)", sampled.Reason, StringComparison.Ordinal);
        Assert.Contains("of the 100,000 labels", whole.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("sample", whole.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Conclude_DropThatCrossFittedModelsDoNotWinBack_IsCorruptedWithAnErrorFinding()
    {
        // Arrange: 34 % errors where 10 % are expected; the cross-fitted models win back 1 point of the 24 (4 %).
        var drop = LabelAgreementRule.Drop(400, 136, 0.10, 0.07, Limits);
        var crossFit = new LabelAgreementRule.CrossFitCounts(400, 268, 264, 30, 26);

        // Act
        var result = LabelAgreementRule.Conclude("v1", 400, 136, 0.10, 0.07, drop, crossFit, Limits);
        var finding = LabelAgreementRule.Finding(result, Spec());

        // Assert
        Assert.True(drop.Significant);
        Assert.Equal(LabelAgreementVerdict.Corrupted, result.Verdict);
        Assert.Equal(0.04, result.Recovered!.Value, 2);
        Assert.NotNull(finding);
        Assert.Equal((FindingSeverity.Error, ValidationCheck.LabelAgreement, "label"), (finding.Severity, finding.Check, finding.Column));
        Assert.StartsWith("The labels look corrupted, not a new concept: production v1 disagrees with 34.0 % of the 400 labels (expected 10.0 %", finding.Message, StringComparison.Ordinal);
        Assert.Contains("accuracy 0.670 vs production 0.660", finding.Message, StringComparison.Ordinal);
        Assert.Equal(("0.340", "0.150"), (finding.Observed, finding.Limit));
    }

    [Fact]
    public void Conclude_DropThatCrossFittedModelsWinBack_IsANewConceptWithoutFinding()
    {
        // Arrange: 24 % errors where 10 % are expected; the cross-fitted models win back 8 of the 14 points (57 %).
        var drop = LabelAgreementRule.Drop(400, 96, 0.10, 0.07, Limits);
        var crossFit = new LabelAgreementRule.CrossFitCounts(400, 336, 304, 48, 16);

        // Act
        var result = LabelAgreementRule.Conclude("v1", 400, 96, 0.10, 0.07, drop, crossFit, Limits);

        // Assert
        Assert.True(drop.Significant);
        Assert.Equal(LabelAgreementVerdict.NewConcept, result.Verdict);
        Assert.Null(LabelAgreementRule.Finding(result, Spec()));
    }

    [Fact]
    public void Conclude_ShareWonBackJustBelowTheLimitButNotClearly_IsANewConcept()
    {
        // Arrange: the 1,000,000-row bench batch of a genuinely new concept (one coefficient's sign flipped): 31.2 % errors
        // on 100,000 scored rows where 24.5 % are expected; on 20,000 cross-fitted rows the models win back 1.6 points of
        // the 6.7 (23.7 %, under the 25 % limit), but that share's 95 % upper bound is 31.8 %.
        var drop = LabelAgreementRule.Drop(100_000, 31_200, 0.242, 0.245, Limits);
        var crossFit = new LabelAgreementRule.CrossFitCounts(20_000, 14_240, 13_923, 2_340, 2_023);

        // Act
        var result = LabelAgreementRule.Conclude("v1", 100_000, 31_200, 0.242, 0.245, drop, crossFit, Limits);

        // Assert
        Assert.Equal(0.237, result.Recovered!.Value, 3);
        Assert.Equal(0.318, LabelAgreementRule.GainUpperBound(crossFit) / 0.067, 3);
        Assert.Equal(LabelAgreementVerdict.NewConcept, result.Verdict);
        Assert.Contains("(23.7 %; 95 % upper bound 31.8 %)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GainUpperBound_PairedCounts_IsTheOneSidedNormalBound()
    {
        // 48 rows only the cross-fit gets right, 16 only production, of 400: gain 0.08, variance 0.16 - 0.0064.
        var bound = LabelAgreementRule.GainUpperBound(new LabelAgreementRule.CrossFitCounts(400, 336, 304, 48, 16));

        Assert.Equal(0.08 + (1.6448536269514722 * Math.Sqrt((0.16 - 0.0064) / 400)), bound, 12);
        Assert.Equal(0, LabelAgreementRule.GainUpperBound(new LabelAgreementRule.CrossFitCounts(0, 0, 0, 0, 0)));
    }

    [Fact]
    public void Conclude_SignificantDropWithoutCrossFit_IsSkippedWithAWarning()
    {
        // Arrange
        var drop = LabelAgreementRule.Drop(400, 136, 0.10, null, Limits);

        // Act
        var result = LabelAgreementRule.Conclude("v1", 400, 136, 0.10, null, drop, null, Limits);

        // Assert
        Assert.Equal(LabelAgreementVerdict.Skipped, result.Verdict);
        Assert.Equal(FindingSeverity.Warning, LabelAgreementRule.Finding(result, Spec())!.Severity);
    }

    private static ModelSpec Spec() => new()
    {
        Name = "stream",
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("label", "yes"),
        Features = [new("x1", FeatureType.Numeric)],
    };
}
