using System.Text;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Specs;

public sealed class SpecDocumentCheckerTests
{
    private const string Broken = """
        {
          "name": "elec",
          "task": "Classification",
          "label": { "column": "class", "positiveClass": "UP" },
          "features": [ { "name": "nswprice", "type": "Numerik" } ],
          "trainers": [ "FastTree", "XGBoost" ],
          "window": { "maxRows": "lots" },
          "approval": { "required": "yes" }
        }
        """;

    [Fact]
    public void Parse_SeveralBadFields_ListsEveryOneWithAllowedValuesAndNoTypeName()
    {
        // Act
        var ex = Assert.Throws<ModelSpecException>(() => ModelSpecStore.Parse(Encoding.UTF8.GetBytes(Broken), "specs/elec.json"));

        // Assert
        Assert.Equal(
            [
                "task: 'Classification' is not allowed; allowed: BinaryClassification, MulticlassClassification, Regression.",
                "features[0].type: 'Numerik' is not allowed; allowed: " + string.Join(", ", Enum.GetNames<FeatureType>()) + ".",
                "trainers[1]: 'XGBoost' is not allowed; allowed: " + string.Join(", ", TrainerRegistry.BuiltIn.Kinds) + ".",
                "window.maxRows: 'lots' is not a whole number.",
                "approval.required: 'yes' is not allowed; allowed: true, false.",
            ],
            ex.Problems);
        Assert.DoesNotContain("RetrainFunctions.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_SaysWhereWithoutTypeNames()
    {
        var ex = Assert.Throws<ModelSpecException>(() => ModelSpecStore.Parse("{ not json"u8, "specs/x.json"));

        Assert.StartsWith("Model spec specs/x.json is invalid:", ex.Message, StringComparison.Ordinal);
        Assert.Single(ex.Problems);
        Assert.DoesNotContain("RetrainFunctions.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ValidDocument_NoProblems()
    {
        var json = """{ "name": "elec", "task": "binaryclassification", "label": { "column": "class", "positiveClass": "UP" }, "features": [ { "name": "a", "type": "Numeric" } ], "gate": { "threshold": null, "minDelta": 0.01 } }""";

        Assert.Empty(SpecDocumentChecker.Check<ModelSpec>(System.Text.Json.Nodes.JsonNode.Parse(json)));
    }
}
