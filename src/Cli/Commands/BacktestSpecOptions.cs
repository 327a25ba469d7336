using System.CommandLine;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Cli.Commands;

/// <summary>The options of <c>retrain backtest</c> that override fields of the replayed spec (inferred or <c>--spec</c>).</summary>
internal sealed class BacktestSpecOptions
{
    private readonly Option<TrainerKind[]> _trainers = new("--trainers") { Description = "Trainers of every run, by registered name (the task's defaults otherwise).", AllowMultipleArgumentsPerToken = true, CustomParser = result => [.. result.Tokens.Select(t => new TrainerKind(t.Value))] };
    private readonly Option<int?> _windowRows = new("--window-rows") { Description = "Sliding training window in rows; 0 = expanding (default: the spec's window, as init writes it)." };
    private readonly Option<double?> _windowDays = new("--window-days") { Description = "Sliding training window in days (needs --timestamp)." };
    private readonly Option<int[]> _windowCandidates = new("--window-candidates") { Description = "Extra training windows in rows, each trained as one more candidate and chosen on the validation split (window.candidateRows).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<double?> _halfLife = new("--half-life-rows") { Description = "Recency weighting: a training row's weight halves every this many rows back (window.recencyHalfLifeRows)." };
    private readonly Option<GateMode?> _gateMode = new("--gate-mode") { Description = "NonInferiority (the default without --spec): deploy a retrain unless shown worse than production; Superiority: deploy only when shown better (gate.mode)." };
    private readonly Option<double?> _margin = new("--non-inferiority-margin") { Description = "With --gate-mode NonInferiority: how much worse than production (gate metric) is still deployed (gate.nonInferiorityMargin, default 0)." };
    private readonly Option<SliceRegressionAction?> _slices = new("--slice-regression") { Description = "What a significant regression on a slice of the comparison rows does: Block (the default without --spec), Warn or Off (gate.sliceRegression)." };
    private readonly Option<bool> _noGuardrails = new("--no-guardrails") { Description = "Turn the gate's guardrails off (gate.guardrails []): only the gate metric, slices and threshold decide." };

    /// <summary>Adds the options to <paramref name="command"/> and returns them, to apply to its parse result.</summary>
    public static BacktestSpecOptions AddTo(Command command)
    {
        var options = new BacktestSpecOptions();
        foreach (var option in (Option[])[options._trainers, options._windowRows, options._windowDays, options._windowCandidates, options._halfLife, options._gateMode, options._margin, options._slices, options._noGuardrails])
        {
            command.Options.Add(option);
        }

        return options;
    }

    /// <summary>Returns <paramref name="given"/> with every field an option of <paramref name="parse"/> sets replaced.</summary>
    public ModelSpec Apply(ParseResult parse, ModelSpec given) => given with
    {
        Trainers = parse.GetValue(_trainers) is { Length: > 0 } t ? t : given.Trainers,
        Window = given.Window with
        {
            MaxRows = parse.GetValue(_windowRows) ?? given.Window.MaxRows,
            MaxAgeDays = parse.GetValue(_windowDays) ?? given.Window.MaxAgeDays,
            CandidateRows = parse.GetValue(_windowCandidates) is { Length: > 0 } c ? c : given.Window.CandidateRows,
            RecencyHalfLifeRows = parse.GetValue(_halfLife) ?? given.Window.RecencyHalfLifeRows,
        },
        Gate = given.Gate with
        {
            Mode = parse.GetValue(_gateMode) ?? given.Gate.Mode,
            NonInferiorityMargin = parse.GetValue(_margin) ?? given.Gate.NonInferiorityMargin,
            SliceRegression = parse.GetValue(_slices) ?? given.Gate.SliceRegression,
            Guardrails = parse.GetValue(_noGuardrails) ? [] : given.Gate.Guardrails,
        },
    };
}
