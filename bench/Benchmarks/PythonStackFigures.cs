namespace RetrainFunctions.Benchmarks;

/// <summary>
/// The figures <c>bench/python/compare.py</c> prints as JSON (camelCase, the keys of bench/python/README.md); the
/// per-feature drift statistics are left out. A part the script skipped is null.
/// </summary>
public sealed record PythonStackFigures
{
    public string Python { get; init; } = string.Empty;

    public IReadOnlyDictionary<string, string?> Versions { get; init; } = new Dictionary<string, string?>();

    public int Threads { get; init; }

    public string OmpWaitPolicy { get; init; } = string.Empty;

    public double ImportSeconds { get; init; }

    public PythonReadFigures? Read { get; init; }

    public PythonModelFigures? Hgb { get; init; }

    public PythonModelFigures? Xgboost { get; init; }

    public PythonDriftFigures? Drift { get; init; }

    public double TotalSeconds { get; init; }

    public double PeakRssMb { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary><c>pandas.read_csv</c> of the current file.</summary>
public sealed record PythonReadFigures(int Rows, double Seconds, double PeakRssMb);

/// <summary>One model's read → fit → predict on the baseline's split.</summary>
public sealed record PythonModelFigures(double FitSeconds, double PredictSeconds, double Auc, double PeakRssMb, double ReadFitPredictSeconds)
{
    /// <summary>Gets the seconds spent turning the frame into the model's matrix (HistGradientBoosting only).</summary>
    public double PrepareSeconds { get; init; }
}

/// <summary>Reading the reference file and the KS/χ² tests over the 23 features.</summary>
public sealed record PythonDriftFigures(double ReadReferenceSeconds, double Seconds, double PeakRssMb);
