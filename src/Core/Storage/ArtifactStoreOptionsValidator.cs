using Microsoft.Extensions.Options;

namespace RetrainFunctions.Core.Storage;

/// <summary>
/// The checks of <see cref="ArtifactStoreOptions"/> that data annotations cannot express. Messages name the
/// setting and never echo a connection string or a URL's query (either may hold a key or SAS token).
/// </summary>
internal sealed class ArtifactStoreOptionsValidator : IValidateOptions<ArtifactStoreOptions>
{
    private const string Section = ArtifactStoreOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);

        if (hasConnectionString && options.AccountUrl is not null)
        {
            failures.Add($"Set either {Section}:ConnectionString or {Section}:AccountUrl, not both.");
        }

        if (hasConnectionString && !LooksLikeConnectionString(options.ConnectionString!))
        {
            failures.Add($"{Section}:ConnectionString is not a storage connection string (expected Key=Value pairs separated by ';', e.g. UseDevelopmentStorage=true). The value is not shown.");
        }

        if (options.AccountUrl is { } accountUrl)
        {
            if (!accountUrl.IsAbsoluteUri)
            {
                failures.Add($"{Section}:AccountUrl must be an absolute https URL such as https://<account>.blob.core.windows.net/ (got the relative URL '{WithoutQuery(accountUrl.OriginalString)}').");
            }
            else if (accountUrl.Scheme != Uri.UriSchemeHttps)
            {
                failures.Add($"{Section}:AccountUrl must use https: DefaultAzureCredential sends bearer tokens only over TLS (got scheme '{accountUrl.Scheme}'). For Azurite use {Section}:ConnectionString.");
            }
            else if (!string.IsNullOrEmpty(accountUrl.Query))
            {
                failures.Add($"{Section}:AccountUrl must not have a query string: it is used with DefaultAzureCredential; put SAS tokens in {Section}:ConnectionString.");
            }
        }

        if (options.Kind == ArtifactStoreKind.LocalFolder && !string.IsNullOrWhiteSpace(options.LocalRoot)
            && options.LocalRoot.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{Section}:LocalRoot contains characters that are not valid in a path.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool LooksLikeConnectionString(string connectionString) =>
        connectionString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(part => part.IndexOf('=', StringComparison.Ordinal) > 0);

    private static string WithoutQuery(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? url : url[..query];
    }
}
