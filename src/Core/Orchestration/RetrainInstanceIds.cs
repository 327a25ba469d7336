using System.Globalization;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>
/// Deterministic ids. One Durable instance per model (<c>retrain-{model}</c>) is what guarantees at most one
/// run per model at a time; run ids sort by start time.
/// </summary>
public static class RetrainInstanceIds
{
    /// <summary>The prefix of every retraining instance id.</summary>
    public const string Prefix = "retrain-";

    /// <summary>The instance id of <paramref name="model"/>'s retraining orchestration.</summary>
    public static string For(string model) => Prefix + ModelName.Validate(model);

    /// <summary>A run id: UTC start time to the second, then 8 hex digits of a deterministic GUID.</summary>
    public static string NewRunId(DateTime utcNow, Guid guid) =>
        utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + guid.ToString("N")[..8];
}
