using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Specs;

/// <summary>Fluent builder of valid model specs for tests.</summary>
internal sealed class ModelSpecBuilder
{
    private ModelSpec _spec = new()
    {
        Name = "churn",
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("label", "yes"),
        Features = [new("x1", FeatureType.Numeric), new("x2", FeatureType.Numeric), new("color", FeatureType.Categorical)],
    };

    public ModelSpecBuilder Named(string name) => With(s => s with { Name = name });

    public ModelSpecBuilder WithTask(ModelTask task, string? positiveClass = null) =>
        With(s => s with { Task = task, Label = s.Label with { PositiveClass = positiveClass } });

    public ModelSpecBuilder WithTimestamp(string column) => With(s => s with { TimestampColumn = column });

    public ModelSpecBuilder WithTrainers(params TrainerKind[] trainers) => With(s => s with { Trainers = trainers });

    public ModelSpecBuilder WithValidation(ValidationSpec validation) => With(s => s with { Validation = validation });

    public ModelSpecBuilder WithGate(GateSpec gate) => With(s => s with { Gate = gate });

    public ModelSpecBuilder WithWindow(WindowSpec window) => With(s => s with { Window = window });

    public ModelSpecBuilder With(Func<ModelSpec, ModelSpec> change)
    {
        _spec = change(_spec);
        return this;
    }

    public ModelSpec Build() => _spec;
}
