using Microsoft.AspNetCore.Http;

namespace RetrainFunctions.Api;

/// <summary>
/// Writes a <see cref="RunAccepted"/>: status 202, <c>Location</c> (the status URL) and <c>Retry-After</c> first, then
/// the JSON body. The order matters: once the body has started, the status code and headers can no longer change
/// (under the Functions ASP.NET Core integration a late status code is silently lost and the caller sees 200).
/// </summary>
internal sealed class RunAcceptedResult(RunAccepted accepted) : IResult
{
    /// <summary>Seconds a caller should wait before polling the status URL.</summary>
    public const int RetryAfterSeconds = 5;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status202Accepted;
        response.Headers.Location = accepted.StatusUrl;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return response.WriteAsJsonAsync(accepted, ApiResults.Json, contentType: "application/json; charset=utf-8", httpContext.RequestAborted);
    }
}
