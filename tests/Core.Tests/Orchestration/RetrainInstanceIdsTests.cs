using RetrainFunctions.Core.Orchestration;

namespace RetrainFunctions.Core.Tests.Orchestration;

public sealed class RetrainInstanceIdsTests
{
    [Fact]
    public void FollowUpRunId_OfARunId_IsOneSecondLaterDerivedFromItAndSortsAfterIt()
    {
        // Arrange
        var runId = RetrainInstanceIds.NewRunId(new DateTime(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc), Guid.Parse("0a1b2c3d-0000-0000-0000-000000000000"));

        // Act
        var next = RetrainInstanceIds.FollowUpRunId(runId);

        // Assert
        Assert.Equal("20261231T235959Z-0a1b2c3d", runId);
        Assert.Matches("^20270101T000000Z-[0-9a-f]{8}$", next);
        Assert.Equal(next, RetrainInstanceIds.FollowUpRunId(runId));
        Assert.NotEqual(next, RetrainInstanceIds.FollowUpRunId("20261231T235959Z-0a1b2c3e"));
        Assert.True(string.CompareOrdinal(runId, next) < 0);
        Assert.True(string.CompareOrdinal(next, RetrainInstanceIds.FollowUpRunId(next)) < 0);
    }

    [Theory]
    [InlineData("run-1")]
    [InlineData("20261231T2359Z-0a1b2c3d")]
    [InlineData("20261231T235959Z")]
    public void FollowUpRunId_NotARunId_ThrowsNamingTheFormat(string runId)
    {
        // Act
        var error = Assert.Throws<ArgumentException>(() => RetrainInstanceIds.FollowUpRunId(runId));

        // Assert
        Assert.Contains("yyyyMMddTHHmmssZ-xxxxxxxx", error.Message, StringComparison.Ordinal);
    }
}
