using System.Globalization;

namespace RetrainFunctions.Reliability.Tests.Infrastructure;

/// <summary>Fresh Durable task hub names, so that every drill starts from an empty hub on the shared Azurite.</summary>
internal static class AzuriteTaskHubs
{
    public static string NewName(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{Guid.NewGuid():N}")[..Math.Min(prefix.Length + 20, 45)];
}
