using System.ComponentModel.DataAnnotations;

namespace RetrainFunctions.Core.Serving;

/// <summary>Knobs of prediction serving (configuration section <c>Serving</c>, e.g. <c>Serving__PointerCheckInterval</c>).</summary>
public sealed class ServingOptions
{
    /// <summary>The configuration section: <c>Serving</c>.</summary>
    public const string SectionName = "Serving";

    /// <summary>
    /// Gets or sets how often, at most, the production pointer's ETag is re-checked per model. Requests never wait for
    /// the check: they are served by the version in memory while a newer one loads. <value>Default: 5 seconds.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PointerCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the most rows one prediction request may hold. <value>Default: 1,000.</value></summary>
    [Range(1, 100_000)]
    public int MaxRowsPerRequest { get; set; } = 1_000;

    /// <summary>Gets or sets the largest prediction request body, in bytes. <value>Default: 1 MiB.</value></summary>
    [Range(1_024, 64 * 1_024 * 1_024)]
    public int MaxRequestBytes { get; set; } = 1_024 * 1_024;

    /// <summary>Gets or sets how many loaded versions per model stay in memory (swapping back is then instant). <value>Default: 3.</value></summary>
    [Range(1, 16)]
    public int LoadedVersionsPerModel { get; set; } = 3;
}
