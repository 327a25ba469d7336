using System.Globalization;
using System.Text;
using RetrainFunctions.Core.Evaluation;

namespace RetrainFunctions.Core.Deployment;

/// <summary>Renders the Markdown model card of a version (<c>models/{model}/versions/{version}/model-card.md</c>).</summary>
internal static class ModelCard
{
    /// <summary>The card: identity, lineage, holdout metrics, hyper-parameters and the decision record lines.</summary>
    public static string Render(ModelVersion version, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(notes);
        var card = new StringBuilder();
        card.Append(CultureInfo.InvariantCulture, $"# {version.Model} — version {version.Version}\n\n");
        card.Append("| | |\n|---|---|\n");
        card.Append(CultureInfo.InvariantCulture, $"| task | {version.Task} |\n");
        card.Append(CultureInfo.InvariantCulture, $"| trainer | {version.Trainer} |\n");
        card.Append(CultureInfo.InvariantCulture, $"| trained by run | {version.RunId} |\n");
        card.Append(CultureInfo.InvariantCulture, $"| created | {version.CreatedAt:O} |\n");
        card.Append(CultureInfo.InvariantCulture, $"| replaces | {version.ParentVersion ?? "nothing (first version)"} |\n");
        card.Append(CultureInfo.InvariantCulture, $"| training snapshot | `{version.SnapshotDigest}` |\n");
        card.Append(CultureInfo.InvariantCulture, $"| spec digest | `{version.SpecDigest}` |\n");
        card.Append(CultureInfo.InvariantCulture, $"| model.zip SHA-256 | `{version.ModelSha256}` |\n\n");
        card.Append("## Holdout metrics (challenger, at promotion)\n\n");
        foreach (var (metric, value) in version.Metrics.OrderBy(m => m.Key))
        {
            card.Append(CultureInfo.InvariantCulture, $"- {MetricText.Name(metric)}: {MetricText.Value(value)}\n");
        }

        card.Append("\n## Hyper-parameters\n\n");
        foreach (var (name, value) in version.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            card.Append(CultureInfo.InvariantCulture, $"- {name}: {value}\n");
        }

        if (notes.Count > 0)
        {
            card.Append("\n## Decision\n\n");
            foreach (var note in notes)
            {
                card.Append(CultureInfo.InvariantCulture, $"- {note}\n");
            }
        }

        return card.ToString();
    }
}
