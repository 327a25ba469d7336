using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    private const int TimeFormatLength = 16;

    /// <summary>The instance id of <paramref name="model"/>'s retraining orchestration.</summary>
    public static string For(string model) => Prefix + ModelName.Validate(model);

    /// <summary>A run id: UTC start time to the second, then 8 hex digits of a deterministic GUID.</summary>
    public static string NewRunId(DateTime utcNow, Guid guid) =>
        utcNow.ToString(TimeFormat, CultureInfo.InvariantCulture) + "-" + guid.ToString("N")[..8];

    /// <summary>
    /// The id of the run that follows <paramref name="runId"/> when requests were coalesced into it (the instance
    /// continues as new): its time part one second later, then 8 hex digits of the SHA-256 of <paramref name="runId"/>.
    /// Derived, not drawn, so that every starter that coalesces a request into a run can name the run that will
    /// cover it before that run exists; it sorts after <paramref name="runId"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is not a run id.</exception>
    public static string FollowUpRunId(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (runId.Length < TimeFormatLength + 2
            || runId[TimeFormatLength] != '-'
            || !DateTime.TryParseExact(runId[..TimeFormatLength], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var startedAt))
        {
            throw new ArgumentException($"'{runId}' is not a run id (yyyyMMddTHHmmssZ-xxxxxxxx).", nameof(runId));
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(runId)));
        return startedAt.AddSeconds(1).ToString(TimeFormat, CultureInfo.InvariantCulture) + "-" + digest[..8];
    }
}
