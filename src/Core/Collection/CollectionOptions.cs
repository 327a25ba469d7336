using System.ComponentModel.DataAnnotations;

namespace RetrainFunctions.Core.Collection;

/// <summary>Limits of data collection.</summary>
public sealed class CollectionOptions
{
    /// <summary>The configuration section: <c>Collection</c> (environment: <c>Collection__MaxFileBytes</c>).</summary>
    public const string SectionName = "Collection";

    /// <summary>
    /// Gets or sets the largest incoming file collected, in bytes. A larger file is moved to quarantine with a report,
    /// streamed and never read into memory. <value>Default: 1 GiB.</value>
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 1L << 30;
}
