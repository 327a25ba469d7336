using System.ComponentModel.DataAnnotations;

namespace RetrainFunctions.Core.Storage;

/// <summary>
/// Where artifacts live. Nothing configured: a local folder (<see cref="LocalRoot"/>). A
/// <see cref="ConnectionString"/> (e.g. <c>UseDevelopmentStorage=true</c> for Azurite) or an
/// <see cref="AccountUrl"/> (with <c>DefaultAzureCredential</c>, i.e. managed identity) selects Azure Blob Storage.
/// </summary>
public sealed class ArtifactStoreOptions
{
    /// <summary>The configuration section: <c>ArtifactStore</c> (environment: <c>ArtifactStore__ConnectionString</c> …).</summary>
    public const string SectionName = "ArtifactStore";

    /// <summary>Gets or sets the Azure Storage connection string. <value>Default: unset.</value></summary>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the blob service URL used with <c>DefaultAzureCredential</c>. <value>Default: unset.</value></summary>
    public Uri? AccountUrl { get; set; }

    /// <summary>Gets or sets the blob container holding every artifact. <value>Default: <c>retrain</c>.</value></summary>
    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$", ErrorMessage = "ContainerName must be a valid blob container name: 3-63 lowercase letters, digits and single hyphens.")]
    public string ContainerName { get; set; } = "retrain";

    /// <summary>Gets or sets the folder of the local store. <value>Default: <c>.retrain</c> under the working directory.</value></summary>
    [Required]
    public string LocalRoot { get; set; } = ".retrain";

    /// <summary>Gets which adapter these options select.</summary>
    public ArtifactStoreKind Kind =>
        !string.IsNullOrWhiteSpace(ConnectionString) || AccountUrl is not null ? ArtifactStoreKind.AzureBlob : ArtifactStoreKind.LocalFolder;
}
