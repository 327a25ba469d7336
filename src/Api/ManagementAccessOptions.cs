namespace RetrainFunctions.Api;

/// <summary>
/// Who may change things through <c>retrain serve</c> (approve, reject, roll back, start runs), bound from section
/// <c>ManagementAccess</c>: e.g. the environment variable <c>ManagementAccess__Keys__alice=&lt;secret&gt;</c> gives the
/// caller who sends <c>X-Api-Key: &lt;secret&gt;</c> the name <c>alice</c>.
/// </summary>
public sealed class ManagementAccessOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ManagementAccess";

    /// <summary>The request header carrying the key.</summary>
    public const string KeyHeader = "X-Api-Key";

    /// <summary>
    /// Gets the API keys by the name of their holder. A request with a valid key acts as that holder: an approval is
    /// recorded under the holder's name whatever its <c>by</c> says.
    /// </summary>
    /// <value>Empty: while the server listens on loopback only, changes need no key; beyond loopback, they are refused.</value>
    public IDictionary<string, string> Keys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
