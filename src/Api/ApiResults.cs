using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Api;

/// <summary>JSON and problem+json results with the RetrainFunctions JSON conventions (compact on the wire).</summary>
internal static class ApiResults
{
    public static JsonSerializerOptions Json { get; } = new(RetrainJson.Options) { WriteIndented = false };

    public static IResult Ok<T>(T value, int status = StatusCodes.Status200OK) => Results.Json(value, Json, statusCode: status);

    /// <summary>An RFC 9457 problem document; <paramref name="field"/> names the offending field (extension member <c>field</c>).</summary>
    public static IResult Problem(int status, string title, string detail, string? field = null) =>
        Results.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            extensions: field is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal) { ["field"] = field });

    public static IResult BadRequest(string field, string detail) => Problem(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    public static IResult NotFound(string field, string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail, field);

    public static IResult Conflict(string detail, string? field = null) => Problem(StatusCodes.Status409Conflict, "Conflict", detail, field);
}
