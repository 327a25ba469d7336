using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain approve|reject &lt;model&gt; --candidate &lt;version&gt; --digest &lt;sha256&gt; --by &lt;name&gt; [--reason ...]</c>:
/// checks the decision against the run waiting for approval and files it in the store (<see cref="ApprovalStore"/>),
/// where the process hosting the run (<c>retrain run</c> or <c>retrain serve</c>) delivers it. With <c>--url</c>, posts
/// it to a serving host's <c>POST {url}/api/models/{model}/approval</c> instead, which checks it the same way.
/// </summary>
internal static class ApproveCommand
{
    /// <summary><c>retrain approve</c> (<c>--reject</c> rejects instead).</summary>
    public static Command Create(Func<HttpMessageHandler>? handler = null) => Create(approving: true, handler);

    /// <summary><c>retrain reject</c>.</summary>
    public static Command CreateReject(Func<HttpMessageHandler>? handler = null) => Create(approving: false, handler);

    private static Command Create(bool approving, Func<HttpMessageHandler>? handler)
    {
        var model = ModelArgument.Create();
        var candidate = new Option<string>("--candidate") { Description = "The candidate version waiting for approval (its run id), as the waiting run prints it.", Required = true };
        var digest = new Option<string>("--digest") { Description = "SHA-256 of the evaluation report you reviewed, as the waiting run prints it.", Required = true };
        var by = new Option<string>("--by") { Description = "Who decides (recorded in the run record).", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why, for the decision record." };
        var url = new Option<string?>("--url") { Description = "Post the decision to a serving host (e.g. http://127.0.0.1:5080) instead of filing it in the store." };
        var reject = new Option<bool>("--reject") { Description = "Reject the promotion instead of approving it (same as 'retrain reject')." };
        var command = approving
            ? new Command("approve", "Approve a promotion waiting for approval, whichever process runs it; the decision is bound to the candidate and the digest of its evaluation report.") { model, candidate, digest, by, reject, reason, url }
            : new Command("reject", "Reject a promotion waiting for approval, whichever process runs it; the decision is bound to the candidate and the digest of its evaluation report.") { model, candidate, digest, by, reason, url };
        var store = StoreSelection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } name)
            {
                return 2;
            }

            var approver = parse.GetRequiredValue(by);
            if (string.IsNullOrWhiteSpace(approver))
            {
                await Console.Error.WriteLineAsync("error: --by: name who decides.");
                return 2;
            }

            var approved = approving && !parse.GetValue(reject);
            var decision = new ApprovalDecision(name, parse.GetRequiredValue(candidate), parse.GetRequiredValue(digest), approved, approver, parse.GetValue(reason));
            if (parse.GetValue(url) is { } address)
            {
                return await PostAsync(decision, address, handler, cancellationToken);
            }

            await using var services = store.BuildExistingServices(parse);
            await store.LoadSpecAsync(services, parse, name, cancellationToken);
            var receipt = await services.GetRequiredService<ApprovalStore>().FileAsync(decision, cancellationToken);
            if (!receipt.Accepted)
            {
                throw new CommandLineException(receipt.Message, ExitCodeFor(receipt.Status));
            }

            Console.WriteLine(receipt.Message);
            return 0;
        });
        return command;
    }

    private static ExitCode ExitCodeFor(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Accepted => ExitCode.Success,
        ApprovalStatus.UnknownCandidate or ApprovalStatus.WrongDigest => ExitCode.ApprovalMismatch,
        _ => ExitCode.NoApprovalWaiting,
    };

    private static async Task<int> PostAsync(ApprovalDecision decision, string address, Func<HttpMessageHandler>? handler, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new CommandLineException($"--url: '{address}' is not an http(s) URL.");
        }

        using var client = handler is null ? new HttpClient() : new HttpClient(handler(), disposeHandler: true);
        var target = new Uri(baseUrl, $"api/models/{Uri.EscapeDataString(decision.Model)}/approval");
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsJsonAsync(target, decision, RetrainJson.Options, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CommandLineException($"cannot reach {target}: {ex.Message}. Is 'retrain serve' running there? (--url)", ExitCode.Failed, ex);
        }

        using var answered = response;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var (detail, field) = Problem(body);
            var exitCode = response.StatusCode switch
            {
                HttpStatusCode.UnprocessableEntity => ExitCode.ApprovalMismatch,
                HttpStatusCode.NotFound when field == "candidateVersion" => ExitCode.ApprovalMismatch,
                HttpStatusCode.Conflict => ExitCode.NoApprovalWaiting,
                _ => ExitCode.Failed,
            };
            throw new CommandLineException($"{target} answered {(int)response.StatusCode} {response.ReasonPhrase}: {ErrorReport.OneLine(detail)}", exitCode);
        }

        Console.WriteLine($"{(decision.Approved ? "Approval" : "Rejection")} of {decision.Model} candidate {decision.CandidateVersion} by {decision.By} delivered ({(int)response.StatusCode}). {body}".TrimEnd());
        return 0;
    }

    /// <summary>The detail and field of a problem document, or the body itself when it is not one.</summary>
    private static (string Detail, string? Field) Problem(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
                ? (detail.GetString()!, root.TryGetProperty("field", out var field) && field.ValueKind == JsonValueKind.String ? field.GetString() : null)
                : (body, null);
        }
        catch (JsonException)
        {
            return (body, null);
        }
    }
}
