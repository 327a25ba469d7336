using System.Text.Json;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Policies;

public sealed class RetrainPolicyTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decide_NoProductionModel_RetrainsWhateverThePolicy()
    {
        var decision = RetrainPolicy.Decide(new PolicySpec(), null, Evidence(0, hasModel: false));

        Assert.Equal(RetrainVerdict.Retrain, decision.Verdict);
        Assert.Equal(PolicyTrigger.Bootstrap, Assert.Single(decision.Triggers).Trigger);
        Assert.Equal(1, decision.State.Retrains);
    }

    [Fact]
    public void Decide_NoTriggers_TrainsOnceThenAlwaysSkips()
    {
        var verdicts = Run(new PolicySpec(), 10, _ => Evidence(0));

        Assert.Equal([RetrainVerdict.Retrain, .. Enumerable.Repeat(RetrainVerdict.Skip, 9)], verdicts.Select(d => d.Verdict));
        Assert.Contains("trains once", verdicts[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_EveryThreeDecisions_RetrainsExactlyOnSchedule()
    {
        var decisions = Run(new PolicySpec { EveryDecisions = 3 }, 10, _ => Evidence(0));

        var retrains = decisions.Select((d, i) => (d, i)).Where(x => x.d.ShouldRetrain).Select(x => x.i);
        Assert.Equal([0, 3, 6, 9], retrains);
        var reading = Assert.Single(decisions[2].Triggers);
        Assert.Equal((PolicyTrigger.Periodic, false, 2.0, 3.0), (reading.Trigger, reading.Fired, reading.Value, reading.Threshold));
    }

    [Fact]
    public void Decide_NewLabelsThreshold_CountsRowsSinceTheLastRetrain()
    {
        var decisions = Run(new PolicySpec { MinNewLabels = 250 }, 6, _ => Evidence(100));

        Assert.Equal([true, false, false, true, false, false], decisions.Select(d => d.ShouldRetrain));
        Assert.Equal(0, decisions[3].State.LabelsSinceRetrain);
    }

    [Fact]
    public void Decide_ScheduleInDays_FiresWhenThePeriodPassed()
    {
        var decisions = Run(new PolicySpec { EveryDays = 7 }, 15, i => Evidence(0, at: Start.AddDays(i)));

        Assert.Equal([0, 7, 14], decisions.Select((d, i) => (d, i)).Where(x => x.d.ShouldRetrain).Select(x => x.i));
    }

    [Fact]
    public void Decide_DriftSignal_FiresOnVerdictOrScore()
    {
        var policy = new PolicySpec { Drift = new DriftTriggerSpec { ScoreThreshold = 0.2, OnVerdict = false } };
        var state = RetrainPolicy.Decide(policy, null, Evidence(0, hasModel: false)).State;

        var low = RetrainPolicy.Decide(policy, state, Evidence(0) with { Drift = new DriftSignal(0.1, Drifted: true, "psi") });
        var high = RetrainPolicy.Decide(policy, low.State, Evidence(0) with { Drift = new DriftSignal(0.25, Drifted: false, "psi") });

        Assert.Equal(RetrainVerdict.Skip, low.Verdict);
        Assert.Equal(RetrainVerdict.Retrain, high.Verdict);
        Assert.Contains("score 0.25", high.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PerformanceTrigger_RetrainsAfterErrorJumpAndResetsDetector()
    {
        var policy = new PolicySpec { Performance = new PerformanceTriggerSpec { Detector = ChangeDetectorKind.Ddm } };
        var calm = ChangeDetectorTests.Bernoulli(seed: 1, count: 2000, rate: 0.2).Chunk(200).ToList();
        var storm = ChangeDetectorTests.Bernoulli(seed: 2, count: 1000, rate: 0.6).Chunk(200).ToList();
        var batches = calm.Concat(storm).ToList();

        var decisions = Run(policy, batches.Count + 1, i => i == 0 ? Evidence(0, hasModel: false) : Evidence(200) with { Errors = batches[i - 1] });

        var retrains = decisions.Select((d, i) => (d, i)).Where(x => x.d.ShouldRetrain).Select(x => x.i).ToList();
        Assert.Equal(0, retrains[0]);
        Assert.Equal(calm.Count + 1, retrains[1]);
        Assert.Equal(PolicyTrigger.Performance, decisions[retrains[1]].Triggers.Single(t => t.Fired).Trigger);
        Assert.Equal(0, decisions[retrains[1]].State.Detector!.Samples);
    }

    [Fact]
    public void Decide_PerformanceAlarmAndTheGateRejects_RetriesUntilANewVersionThenStartsClean()
    {
        // Arrange: v1 errs 20 % of the time, then 60 %; the retrain decided on the alarm is rejected twice (v1 stays),
        // then v2 is deployed and errs 20 % again. No backoff: every decision retries.
        var policy = new PolicySpec { Performance = new PerformanceTriggerSpec { Detector = ChangeDetectorKind.Ddm, MaxRetryWaitDecisions = 1 } };
        var calm = ChangeDetectorTests.Bernoulli(seed: 1, count: 2000, rate: 0.2).Chunk(200).ToList();
        var storm = ChangeDetectorTests.Bernoulli(seed: 2, count: 1000, rate: 0.6).Chunk(200).ToList();
        var after = ChangeDetectorTests.Bernoulli(seed: 3, count: 1000, rate: 0.2).Chunk(200).ToList();
        var batches = calm.Concat(storm).Concat(after).ToList();
        var alarm = calm.Count + 1;
        string Version(int decision) => decision <= alarm + 2 ? "v1" : "v2";

        // Act
        var decisions = Run(policy, batches.Count + 1, i => i == 0
            ? Evidence(0, hasModel: false)
            : Evidence(200) with { Errors = batches[i - 1], ProductionVersion = Version(i) });

        // Assert: the alarm, then a retry on each decision while v1 stays; v2's first decision starts a clean record.
        var retrains = decisions.Select((d, i) => (d, i)).Where(x => x.d.ShouldRetrain).Select(x => x.i).ToList();
        Assert.Equal([0, alarm, alarm + 1, alarm + 2], retrains);
        Assert.All(retrains.Skip(1), r => Assert.Equal(PolicyTrigger.Performance, decisions[r].Triggers.Single(t => t.Fired).Trigger));
        Assert.Equal("v2", decisions[alarm + 3].State.DetectorVersion);
        Assert.Equal(200, decisions[alarm + 3].State.Detector!.Samples);
        Assert.NotEqual(ChangeLevel.Drift, decisions[alarm + 3].State.Detector!.Level);
    }

    [Fact]
    public void Decide_GateKeepsRejectingTheAlarmsRetrains_RetriesBackOffToTheLimitThenANewVersionStartsClean()
    {
        // Arrange: v1 errs 20 % of the time, then 60 % for good; every retrain is rejected until decision 30 deploys v2.
        var policy = new PolicySpec { Performance = new PerformanceTriggerSpec { Detector = ChangeDetectorKind.Ddm, MaxRetryWaitDecisions = 4 } };
        var calm = ChangeDetectorTests.Bernoulli(seed: 1, count: 2000, rate: 0.2).Chunk(200).ToList();
        var storm = ChangeDetectorTests.Bernoulli(seed: 2, count: 6000, rate: 0.6).Chunk(200).ToList();
        var batches = calm.Concat(storm).ToList();
        var alarm = calm.Count + 1;
        var deployedAt = alarm + 20;

        // Act
        var decisions = Run(policy, batches.Count + 1, i => i == 0
            ? Evidence(0, hasModel: false)
            : Evidence(200) with { Errors = batches[i - 1], ProductionVersion = i <= deployedAt ? "v1" : "v2" });

        // Assert: waits of 1, 2, 4, then 4 (the limit) decisions between retries while v1 stays; v2 starts a clean record.
        var retrains = decisions.Select((d, i) => (d, i)).Where(x => x.d.ShouldRetrain).Select(x => x.i).ToList();
        Assert.Equal([0, alarm, alarm + 1, alarm + 3, alarm + 7, alarm + 11, alarm + 15, alarm + 19], retrains.Take(8));
        var waiting = decisions[alarm + 5];
        Assert.Equal((RetrainVerdict.Skip, PolicyHold.Backoff), (waiting.Verdict, waiting.Hold));
        Assert.StartsWith("Skip: waiting to retry the alarm's retrain (performance: Ddm Drift", waiting.Reason, StringComparison.Ordinal);
        Assert.Contains("3 retrain(s) on this alarm rejected, the next after 4 decision(s): 2 so far", waiting.Reason, StringComparison.Ordinal);
        Assert.Equal(0, decisions[deployedAt + 1].State.AlarmRetrains);
        Assert.NotEqual(ChangeLevel.Drift, decisions[deployedAt + 1].State.Detector!.Level);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 4)]
    [InlineData(40, 4)]
    public void RetryWait_DoublesWithEachRejectionUpToTheLimit(int rejected, int wait) =>
        Assert.Equal(wait, new PerformanceTriggerSpec { MaxRetryWaitDecisions = 4 }.RetryWait(rejected));

    [Fact]
    public void Decide_Cooldown_HoldsBackUntilEnoughDecisionsPassed()
    {
        var decisions = Run(new PolicySpec { EveryDecisions = 1, CooldownDecisions = 2 }, 7, _ => Evidence(0));

        Assert.Equal([true, false, false, true, false, false, true], decisions.Select(d => d.ShouldRetrain));
        Assert.Equal(PolicyHold.Cooldown, decisions[1].Hold);
    }

    [Fact]
    public void Decide_Budget_CapsRetrainsPerPeriod()
    {
        var policy = new PolicySpec { EveryDecisions = 1, MaxRetrains = 2, BudgetPeriodDays = 10 };

        var decisions = Run(policy, 12, i => Evidence(0, at: Start.AddDays(i)));

        Assert.Equal([0, 1, 10, 11], decisions.Select((d, i) => (d, i)).Where(x => x.d.ShouldRetrain).Select(x => x.i));
        Assert.Equal(PolicyHold.Budget, decisions[2].Hold);
    }

    [Fact]
    public void Decide_Debounce_NeedsConsecutiveFiringDecisions()
    {
        var policy = new PolicySpec { Drift = new DriftTriggerSpec(), DebounceDecisions = 2 };
        bool[] drifted = [false, true, false, true, true, true];

        var decisions = Run(policy, drifted.Length, i => Evidence(0, hasModel: i > 0) with { Drift = new DriftSignal(0, drifted[i]) });

        Assert.Equal([true, false, false, false, true, false], decisions.Select(d => d.ShouldRetrain));
        Assert.Equal(PolicyHold.Debounce, decisions[1].Hold);
    }

    [Fact]
    public void Decide_AllCombination_NeedsEveryTrigger()
    {
        var policy = new PolicySpec { Combine = TriggerCombination.All, EveryDecisions = 2, MinNewLabels = 500 };

        var decisions = Run(policy, 6, _ => Evidence(100));

        // Periodic fires from decision 2 on; labels reach 500 at decision 5.
        Assert.Equal([true, false, false, false, false, true], decisions.Select(d => d.ShouldRetrain));
        Assert.Contains("not every trigger", decisions[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DecisionAndState_RoundTripThroughJson()
    {
        var policy = new PolicySpec { EveryDecisions = 3, Performance = new PerformanceTriggerSpec { Detector = ChangeDetectorKind.Adwin } };
        var decisions = Run(policy, 4, i => Evidence(50, hasModel: i > 0) with { Errors = [.. ChangeDetectorTests.Bernoulli(i, 50, 0.3)] });

        var json = JsonSerializer.Serialize(decisions[^1], RetrainJson.Options);
        var back = JsonSerializer.Deserialize<PolicyDecision>(json, RetrainJson.Options)!;

        Assert.Contains("\"verdict\": \"Retrain\"", json, StringComparison.Ordinal);
        Assert.Equal(decisions[^1].State.Detector!.Buckets, back.State.Detector!.Buckets);
        Assert.Equal(decisions[^1].Reason, back.Reason);
        var next = RetrainPolicy.Decide(policy, back.State, Evidence(10));
        Assert.Equal(1, next.State.DecisionsSinceRetrain);
    }

    private static List<PolicyDecision> Run(PolicySpec policy, int count, Func<int, PolicyEvidence> evidence)
    {
        var decisions = new List<PolicyDecision>();
        PolicyState? state = null;
        for (var i = 0; i < count; i++)
        {
            var e = evidence(i);
            if (i == 0 && e.HasProductionModel)
            {
                e = e with { HasProductionModel = false };
            }

            var decision = RetrainPolicy.Decide(policy, state, e);
            decisions.Add(decision);
            state = decision.State;
        }

        return decisions;
    }

    private static PolicyEvidence Evidence(int rows, bool hasModel = true, DateTimeOffset? at = null) =>
        new(at ?? Start, hasModel, rows, []);
}
