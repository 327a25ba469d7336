using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace RetrainFunctions.Api;

/// <summary>Reads a JSON request body up to a size limit: 413 past the limit, 400 naming the position when it is not JSON.</summary>
internal static class RequestBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static async Task<(JsonDocument? Document, IResult? Error)> ReadJsonAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, (int)(request.ContentLength ?? 16_384) + 1));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        return (null, TooLarge(maxBytes));
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }
            }

            if (length == 0)
            {
                return (null, ApiResults.BadRequest("$", "The request body is empty; a JSON document is required."));
            }

            try
            {
                // JsonDocument keeps the memory it parses: give it its own copy, the buffer goes back to the pool.
                return (JsonDocument.Parse(buffer.AsSpan(0, length).ToArray(), DocumentOptions), null);
            }
            catch (JsonException ex)
            {
                return (null, ApiResults.BadRequest(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path, $"The body is not valid JSON: {ex.Message}"));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The body exceeds the limit of {maxBytes:N0} bytes; send fewer rows per request.", "$");
}
