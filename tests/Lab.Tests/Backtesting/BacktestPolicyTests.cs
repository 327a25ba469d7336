using RetrainFunctions.Core.Policies;
using RetrainFunctions.Lab.Backtesting;

namespace RetrainFunctions.Lab.Tests.Backtesting;

public sealed class BacktestPolicyTests
{
    [Fact]
    public void Parse_Drift_FiresOnTheVerdict()
    {
        var policy = BacktestPolicy.Parse("drift");

        Assert.Equal("drift", policy.Name);
        Assert.Equal(new DriftTriggerSpec(), policy.Spec.Drift);
        Assert.Null(policy.Spec.Performance);
    }

    [Fact]
    public void Parse_DriftWithShare_FiresOnTheShareAloneNotTheVerdict()
    {
        var policy = BacktestPolicy.Parse("Drift:0.5");

        Assert.Equal("drift-0.5", policy.Name);
        Assert.Equal(new DriftTriggerSpec { ScoreThreshold = 0.5, OnVerdict = false }, policy.Spec.Drift);
    }

    [Theory]
    [InlineData("errors:ph", "errors-ph", 4)]
    [InlineData("errors:PH:1", "errors-ph-1", 1)]
    [InlineData("errors:ddm:16", "errors-ddm-16", 16)]
    public void Parse_Errors_TakesTheDetectorAndTheLongestRetryWait(string text, string name, int wait)
    {
        var policy = BacktestPolicy.Parse(text);

        Assert.Equal(name, policy.Name);
        Assert.Equal(wait, policy.Spec.Performance!.MaxRetryWaitDecisions);
    }

    [Theory]
    [InlineData("errors:ph:0")]
    [InlineData("errors:ph:x")]
    [InlineData("drift:0")]
    [InlineData("drift:1.5")]
    [InlineData("drift:-0.2")]
    [InlineData("drift:half")]
    [InlineData("errors:cusum")]
    public void Parse_OutOfRangeOrUnknown_NamesTheSyntax(string text)
    {
        var error = Assert.Throws<FormatException>(() => BacktestPolicy.Parse(text));

        Assert.Equal($"Unknown policy '{text}'; use {BacktestPolicy.Syntax}.", error.Message);
    }
}
