using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Features;

namespace RetrainFunctions.Core.Tests.Features;

public sealed class EveryNthRowDataViewTests
{
    [Fact]
    public void GetRowCursor_StrideThree_ReadsRowsZeroThreeSixNine()
    {
        // Arrange
        var ml = new MLContext(1);
        var view = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 11).Select(i => new Row { Value = i }));

        // Act
        var sample = new EveryNthRowDataView(view, 3);

        // Assert
        Assert.Equal([0f, 3f, 6f, 9f], sample.GetColumn<float>(nameof(Row.Value)));
        Assert.Equal(4, SpecDataLoader.CountRows(sample));
    }

    [Fact]
    public void GetRowCursor_StrideOne_ReadsEveryRow()
    {
        var ml = new MLContext(1);
        var view = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 5).Select(i => new Row { Value = i }));

        var sample = new EveryNthRowDataView(view, 1);

        Assert.Equal([0f, 1f, 2f, 3f, 4f], sample.GetColumn<float>(nameof(Row.Value)));
    }

    private sealed class Row
    {
        public float Value { get; set; }
    }
}
