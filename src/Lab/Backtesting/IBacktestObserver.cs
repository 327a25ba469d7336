namespace RetrainFunctions.Lab.Backtesting;

/// <summary>Hears of a backtest's progress as <see cref="BacktestRunner"/> makes it (a host prints it, or ignores it).</summary>
public interface IBacktestObserver
{
    /// <summary>Batch <see cref="BatchPoint.Batch"/> of <paramref name="policy"/>'s replay is done.</summary>
    void OnBatch(BacktestPolicy policy, BatchPoint point);

    /// <summary>One policy's replay is done.</summary>
    void OnPolicyCompleted(PolicyResult result);

    /// <summary>The Python reference was asked for but could not run (<paramref name="reason"/>, one line); the report has no Python figures.</summary>
    void OnPythonReferenceSkipped(string reason);
}
