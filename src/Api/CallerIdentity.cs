using Microsoft.AspNetCore.Http;

namespace RetrainFunctions.Api;

/// <summary>
/// Who sent a request, when the host can tell: the authenticated user (<see cref="HttpContext.User"/>, when the host
/// configures authentication, e.g. App Service authentication in front of the Functions app) or the holder of the API
/// key the request carried (<see cref="ManagementAccessFilter"/>). Null when neither is known: the caller then names
/// itself in free text.
/// </summary>
public static class CallerIdentity
{
    private const string ItemKey = "RetrainFunctions.CallerIdentity";

    /// <summary>The caller's name, or null.</summary>
    public static string? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return name;
        }

        return context.Items.TryGetValue(ItemKey, out var holder) ? holder as string : null;
    }

    internal static void SetKeyHolder(HttpContext context, string holder) => context.Items[ItemKey] = holder;
}
