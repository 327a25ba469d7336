using System.Text.Json;
using Microsoft.DurableTask.Converters;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Specs;

public sealed class TrainerKindJsonTests
{
    [Fact]
    public void Serialize_DurableConverter_BuiltInsKeepTheEnumNumbersOfRecordedHistories()
    {
        // Arrange: the order of the enum TrainerKind was before it became a name.
        TrainerKind[] trainers = [TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.FastForest, TrainerKind.LbfgsLogisticRegression, TrainerKind.LbfgsMaximumEntropy, TrainerKind.Sdca, new("SgdCalibrated"), new("ensemble")];

        // Act
        var json = JsonDataConverter.Default.Serialize(trainers);

        // Assert: a built-in added after the enum (Ensemble) is written as its canonical name.
        Assert.Equal("[0,1,2,3,4,5,\"SgdCalibrated\",\"Ensemble\"]", json);
        Assert.Equal(trainers, JsonDataConverter.Default.Deserialize<TrainerKind[]>(json));
    }

    [Fact]
    public void Serialize_Documents_WriteNamesAndReadNamesInAnyCaseOrLegacyNumbers()
    {
        // Act
        var written = JsonSerializer.Serialize(new[] { TrainerKind.Sdca, new TrainerKind("SgdCalibrated") }, RetrainJson.Options);
        var read = JsonSerializer.Deserialize<TrainerKind[]>("[\"fasttree\", 3, \"LbfgsMaximumEntropy\"]", RetrainJson.Options)!;

        // Assert
        Assert.Equal("[\n  \"Sdca\",\n  \"SgdCalibrated\"\n]", written.ReplaceLineEndings("\n"));
        Assert.Equal(["FastTree", "LbfgsLogisticRegression", "LbfgsMaximumEntropy"], read.Select(t => t.Name));
    }

    [Theory]
    [InlineData("6")]
    [InlineData("\"\"")]
    [InlineData("true")]
    public void Deserialize_NotATrainerName_Throws(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TrainerKind>(json, RetrainJson.Options));
    }

    [Fact]
    public void Parse_NamesOfExistingSpecs_StayValid()
    {
        // Arrange: the trainer names specs written before trainers were registered hold.
        var json = """
            { "name": "churn", "task": "BinaryClassification", "label": { "column": "y", "positiveClass": "1" },
              "features": [ { "name": "x", "type": "Numeric" } ],
              "trainers": [ "LightGbm", "FastTree", "FastForest", "LbfgsLogisticRegression", "Sdca" ] }
            """u8;

        // Act
        var spec = ModelSpecStore.Parse(json, "churn.json", TrainerRegistry.BuiltIn);

        // Assert
        Assert.Equal([TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.FastForest, TrainerKind.LbfgsLogisticRegression, TrainerKind.Sdca], spec.Trainers);
    }
}
