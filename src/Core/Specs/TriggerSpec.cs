namespace RetrainFunctions.Core.Specs;

/// <summary>What starts a run of this model. The timer's schedule itself is an app setting of the host.</summary>
public sealed record TriggerSpec
{
    /// <summary>Gets whether the scheduled timer starts runs of this model. <value>Default: <see langword="true"/>.</value></summary>
    public bool OnSchedule { get; init; } = true;

    /// <summary>Gets whether an upload to <c>incoming/{model}/</c> starts a run. <value>Default: <see langword="true"/>.</value></summary>
    public bool OnNewData { get; init; } = true;
}
