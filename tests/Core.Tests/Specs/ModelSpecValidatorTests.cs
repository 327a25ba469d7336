using System.Text;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Specs;

public sealed class ModelSpecValidatorTests
{
    [Fact]
    public void Validate_DefaultBuilderSpec_HasNoProblems()
    {
        Assert.Empty(ModelSpecValidator.Validate(new ModelSpecBuilder().Build()));
    }

    [Fact]
    public void Validate_TrainerThatCannotServeTask_NamesFieldAndAllowedTrainers()
    {
        var spec = new ModelSpecBuilder().WithTask(ModelTask.Regression).WithTrainers(TrainerKind.LightGbm, TrainerKind.LbfgsLogisticRegression).Build();

        var problem = Assert.Single(ModelSpecValidator.Validate(spec));

        Assert.StartsWith("trainers[1]:", problem, StringComparison.Ordinal);
        Assert.Contains("LbfgsLogisticRegression cannot train Regression", problem, StringComparison.Ordinal);
        Assert.Contains("Sdca", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BinaryWithoutPositiveClass_NamesLabelPositiveClass()
    {
        var spec = new ModelSpecBuilder().WithTask(ModelTask.BinaryClassification, positiveClass: null).Build();

        Assert.Contains(ModelSpecValidator.Validate(spec), p => p.StartsWith("label.positiveClass:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("Upper")]
    [InlineData("x")]
    [InlineData("bad\u0001name")]
    [InlineData("trailing-")]
    [InlineData("double--hyphen")]
    public void Validate_PathLikeOrInvalidName_NamesNameField(string name)
    {
        var spec = new ModelSpecBuilder().Named(name).Build();

        Assert.Contains(ModelSpecValidator.Validate(spec), p => p.StartsWith("name:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NameLongerThanLimit_IsRefused()
    {
        Assert.False(ModelName.IsValid(new string('a', ModelName.MaxLength + 1)));
        Assert.True(ModelName.IsValid(new string('a', ModelName.MaxLength)));
    }

    [Fact]
    public void Validate_LabelListedAsFeature_ReportsLeak()
    {
        var spec = new ModelSpecBuilder().With(s => s with { Features = [.. s.Features, new FeatureSpec("label", FeatureType.Numeric)] }).Build();

        Assert.Contains(ModelSpecValidator.Validate(spec), p => p.Contains("leaks", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_GateMetricOfOtherTask_NamesGateMetric()
    {
        var spec = new ModelSpecBuilder().WithGate(new GateSpec { Metric = EvaluationMetric.Rmse }).Build();

        var problem = Assert.Single(ModelSpecValidator.Validate(spec));
        Assert.StartsWith("gate.metric:", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GateMode.NonInferiority, -0.01)]
    [InlineData(GateMode.NonInferiority, double.NaN)]
    [InlineData(GateMode.Superiority, 0.01)]
    public void Validate_BadNonInferiorityMargin_NamesTheField(GateMode mode, double margin)
    {
        var spec = new ModelSpecBuilder().WithGate(new GateSpec { Mode = mode, NonInferiorityMargin = margin }).Build();

        var problem = Assert.Single(ModelSpecValidator.Validate(spec));
        Assert.StartsWith("gate.nonInferiorityMargin:", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EvaluationMetric.Rmse, 0.02, "gate.guardrails[1].metric:")]
    [InlineData((EvaluationMetric)42, 0.02, "gate.guardrails[1].metric:")]
    [InlineData(EvaluationMetric.Auc, -0.1, "gate.guardrails[1].margin:")]
    [InlineData(EvaluationMetric.Auc, double.PositiveInfinity, "gate.guardrails[1].margin:")]
    [InlineData(EvaluationMetric.Accuracy, 0.02, "gate.guardrails[1].metric:")]
    public void Validate_BadGuardrail_NamesTheGuardrailField(EvaluationMetric metric, double margin, string field)
    {
        var guardrails = new[] { new GuardrailSpec { Metric = EvaluationMetric.Accuracy, Margin = 0.01 }, new GuardrailSpec { Metric = metric, Margin = margin } };
        var spec = new ModelSpecBuilder().WithGate(new GateSpec { Guardrails = guardrails }).Build();

        var problem = Assert.Single(ModelSpecValidator.Validate(spec));
        Assert.StartsWith(field, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GuardrailsOffAndAucGuardrail_AreValid()
    {
        Assert.Empty(ModelSpecValidator.Validate(new ModelSpecBuilder().WithGate(new GateSpec { Guardrails = [] }).Build()));
        Assert.Empty(ModelSpecValidator.Validate(new ModelSpecBuilder().WithGate(new GateSpec { Guardrails = [new GuardrailSpec { Metric = EvaluationMetric.Auc, Margin = 0.01 }] }).Build()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Validate_BootstrapBlockRowsBelowOne_NamesTheField(int blockRows)
    {
        var spec = new ModelSpecBuilder().WithGate(new GateSpec { BootstrapBlockRows = blockRows }).Build();

        var problem = Assert.Single(ModelSpecValidator.Validate(spec));
        Assert.StartsWith("gate.bootstrapBlockRows:", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Validate_MaxRetryWaitBelowOne_NamesTheField(int wait)
    {
        var spec = new ModelSpecBuilder().Build() with { Policy = new PolicySpec { Performance = new PerformanceTriggerSpec { MaxRetryWaitDecisions = wait } } };

        var problem = Assert.Single(ModelSpecValidator.Validate(spec));
        Assert.StartsWith("policy.performance.maxRetryWaitDecisions:", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_SelectionMaxRowsBelowOne_NamesTheField(int maxRows)
    {
        var spec = new ModelSpecBuilder().WithGate(new GateSpec { SelectionMaxRows = maxRows }).Build();

        var problem = Assert.Single(ModelSpecValidator.Validate(spec));
        Assert.StartsWith("gate.selectionMaxRows:", problem, StringComparison.Ordinal);
        Assert.Empty(ModelSpecValidator.Validate(new ModelSpecBuilder().WithGate(new GateSpec { SelectionMaxRows = 1 }).Build()));
    }

    [Fact]
    public void Validate_SelectAmongEnsemblesWithoutEnsemble_IsValidAndEveryCandidateCompetes()
    {
        // A user who drops Ensemble from the trainers init wrote keeps a valid spec (ChooseChallenger's fallback).
        var spec = new ModelSpecBuilder().WithGate(new GateSpec { SelectAmong = CandidateSelection.Ensembles }).Build() with { Trainers = [TrainerKind.LightGbm, TrainerKind.LbfgsLogisticRegression] };

        Assert.Empty(ModelSpecValidator.Validate(spec));
        Assert.Single(ModelSpecValidator.Validate(spec with { Gate = new GateSpec { SelectAmong = (CandidateSelection)9 } }), p => p.StartsWith("gate.selectAmong: '9' is not a choice", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SelectAmong_ReadsTheNameAndRefusesAnUnknownOne()
    {
        const string Json = """{ "name": "elec", "task": "BinaryClassification", "label": { "column": "y", "positiveClass": "1" }, "features": [ { "name": "x", "type": "Numeric" } ], "trainers": ["LightGbm", "LbfgsLogisticRegression", "Ensemble"], "gate": { "selectAmong": "Ensembles" } }""";

        var spec = ModelSpecStore.Parse(Encoding.UTF8.GetBytes(Json), "test.json");

        Assert.Equal(CandidateSelection.Ensembles, spec.Gate.SelectAmong);
        Assert.Throws<ModelSpecException>(() => ModelSpecStore.Parse(Encoding.UTF8.GetBytes(Json.Replace("\"Ensembles\"", "\"Best\"", StringComparison.Ordinal)), "test.json"));
    }

    [Fact]
    public void Parse_GuardrailsAndBlockRows_RoundTrip()
    {
        var json = """{ "name": "gated", "task": "Regression", "label": { "column": "y" }, "features": [ { "name": "x", "type": "Numeric" } ], "gate": { "guardrails": [ { "metric": "Rmse", "margin": 0.5 } ], "bootstrapBlockRows": 7 } }""";

        var spec = ModelSpecStore.Parse(Encoding.UTF8.GetBytes(json), "test.json");

        var guardrail = Assert.Single(spec.Gate.Guardrails!);
        Assert.Equal((EvaluationMetric.Rmse, 0.5), (guardrail.Metric, guardrail.Margin));
        Assert.Equal(7, spec.Gate.BootstrapBlockRows);
    }

    [Fact]
    public void Validate_UndefinedGateMode_NamesGateMode()
    {
        var spec = new ModelSpecBuilder().WithGate(new GateSpec { Mode = (GateMode)7 }).Build();

        var problem = Assert.Single(ModelSpecValidator.Validate(spec));
        Assert.StartsWith("gate.mode:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonInferiorityWithMargin_IsValid()
    {
        var spec = new ModelSpecBuilder().WithGate(new GateSpec { Mode = GateMode.NonInferiority, NonInferiorityMargin = 0.01 }).Build();

        Assert.Empty(ModelSpecValidator.Validate(spec));
    }

    [Fact]
    public void Validate_TinyCandidateWindow_NamesWindowCandidateRows()
    {
        var spec = new ModelSpecBuilder().WithWindow(new WindowSpec { CandidateRows = [500, 3] }).Build();

        var problem = Assert.Single(ModelSpecValidator.Validate(spec));
        Assert.StartsWith("window.candidateRows: 3 ", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Validate_BadCandidateHalfLife_NamesWindowCandidateHalfLives(double share)
    {
        var spec = new ModelSpecBuilder().WithWindow(new WindowSpec { CandidateHalfLives = [0.125, share] }).Build();

        var problem = Assert.Single(ModelSpecValidator.Validate(spec));
        Assert.StartsWith("window.candidateHalfLives: ", problem, StringComparison.Ordinal);
        Assert.Contains("at most 1", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CandidateHalfLivesWithAFixedHalfLife_SaysKeepOne()
    {
        var spec = new ModelSpecBuilder().WithWindow(new WindowSpec { CandidateHalfLives = [0.125], RecencyHalfLifeRows = 500 }).Build();

        var problem = Assert.Single(ModelSpecValidator.Validate(spec));
        Assert.Equal("window.candidateHalfLives: cannot be combined with window.recencyHalfLifeRows, which already weights every candidate; keep one.", problem);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_BadRecencyHalfLife_NamesWindowRecencyHalfLifeRows(double halfLife)
    {
        var spec = new ModelSpecBuilder().WithWindow(new WindowSpec { RecencyHalfLifeRows = halfLife }).Build();

        var problem = Assert.Single(ModelSpecValidator.Validate(spec));
        Assert.StartsWith("window.recencyHalfLifeRows:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FractionsLeavingNothingToTrain_AreRefused()
    {
        var spec = new ModelSpecBuilder().WithGate(new GateSpec { HoldoutFraction = 0.5, ValidationFraction = 0.45 }).Build();

        Assert.Contains(ModelSpecValidator.Validate(spec), p => p.StartsWith("gate:", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_WrongFieldType_NamesTheField()
    {
        var json = """{ "name": "churn", "task": "BinaryClassification", "label": { "column": "y", "positiveClass": "1" }, "features": [ { "name": "x", "type": "Numeric" } ], "window": { "maxRows": "many" } }""";

        var ex = Assert.Throws<ModelSpecException>(() => ModelSpecStore.Parse(Encoding.UTF8.GetBytes(json), "test.json"));

        Assert.Contains("window.maxRows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTrainer_NamesTheField()
    {
        var json = """{ "name": "churn", "task": "BinaryClassification", "label": { "column": "y", "positiveClass": "1" }, "features": [ { "name": "x", "type": "Numeric" } ], "trainers": [ "LightGbm", "XgBoost" ] }""";

        var ex = Assert.Throws<ModelSpecException>(() => ModelSpecStore.Parse(Encoding.UTF8.GetBytes(json), "test.json"));

        Assert.Contains("trainers[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingLabel_NamesLabel()
    {
        var json = """{ "name": "churn", "task": "Regression", "features": [ { "name": "x", "type": "Numeric" } ] }""";

        var ex = Assert.Throws<ModelSpecException>(() => ModelSpecStore.Parse(Encoding.UTF8.GetBytes(json), "test.json"));

        Assert.Contains("label", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValidDocument_RoundTripsDefaults()
    {
        var json = """{ "name": "churn", "task": "Regression", "label": { "column": "y" }, "features": [ { "name": "x", "type": "Numeric" }, { "name": "c", "type": "Categorical", "encoding": "Hashing" } ] }""";

        var spec = ModelSpecStore.Parse(Encoding.UTF8.GetBytes(json), "test.json");

        Assert.Equal(ModelTask.Regression, spec.Task);
        Assert.Equal(CategoricalEncoding.Hashing, spec.Features[1].Encoding);
        Assert.Equal(TrainerKinds.DefaultsFor(ModelTask.Regression), spec.EffectiveTrainers);
        Assert.Equal(EvaluationMetric.Mae, spec.Gate.EffectiveMetric(spec.Task));
        Assert.Equal(GateMode.NonInferiority, spec.Gate.Mode);
        Assert.Empty(spec.Gate.EffectiveGuardrails(spec.Task));
        Assert.Null(spec.Gate.BootstrapBlockRows);
    }

    [Theory]
    [InlineData("labelAgreementMinRows", 5, 0.05, 0.001, 0.25)]
    [InlineData("labelAgreementTolerance", 100, -0.1, 0.001, 0.25)]
    [InlineData("labelAgreementMaxPValue", 100, 0.05, 0, 0.25)]
    [InlineData("labelAgreementMinRecovery", 100, 0.05, 0.001, 1.5)]
    public void Validate_BadLabelAgreementSetting_NamesTheField(string field, int minRows, double tolerance, double maxPValue, double minRecovery)
    {
        // Arrange
        var spec = new ModelSpecBuilder().WithValidation(new ValidationSpec
        {
            LabelAgreementMinRows = minRows,
            LabelAgreementTolerance = tolerance,
            LabelAgreementMaxPValue = maxPValue,
            LabelAgreementMinRecovery = minRecovery,
        }).Build();

        // Act
        var problem = Assert.Single(ModelSpecValidator.Validate(spec));

        // Assert
        Assert.StartsWith($"validation.{field}:", problem, StringComparison.Ordinal);
    }
}
