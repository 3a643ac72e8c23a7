using MtlAttack.Core.Evaluation;
using System.Net;
using MtlAttack.Api.Contracts;
using MtlAttack.Testing;

namespace MtlAttack.Cli.Tests.Remote;

public sealed class EvaluationCommandsTests
{
    private const string E1 = "/v1/evaluations/e1";
    private static readonly EvaluationInfo Running = new("e1", "tiny.v1", EvaluationStates.Running, 0, 4);
    private static readonly EvaluationInfo Completed = Running with { State = EvaluationStates.Completed, BatchesDone = 4 };

    /// <summary>A completed evaluation's report.json: one pgd cell, flagged as no stronger than noise.</summary>
    private static readonly string FlaggedReport = ReportWriter.ToJson(new RobustnessReport("tiny.v1", "synthetic", ["normal"],
        new Dictionary<string, TaskMeasurement> { ["normal"] = new(1, new Dictionary<string, double>()) },
        [new CellReport("pgd", "total", 4, 0.01, 0.02, new Dictionary<string, TaskEffect>(),
            new CellDiagnostics([new(DiagnosticFlag.NotAboveNoise, "the average loss change 2.0% is not above random noise's 3.0% at the same budget")],
                -0.01, new Dictionary<string, double[]>(), 4, 0, 0, 0))],
        [], [], []));

    private static FakeApi AnsweringReport(FakeApi api) => api.Text(HttpMethod.Get, E1 + "/report", FlaggedReport, "application/json");

    private static FakeApi StartAnswering() => new FakeApi().Json(HttpMethod.Post, "/v1/evaluations", Running, HttpStatusCode.Accepted);

    [Fact]
    public async Task Start_sends_only_the_settings_given()
    {
        var api = StartAnswering();

        var run = await RemoteCli.Invoke(api, "evaluations", "start", "--model", "tiny.v1", "--dataset", "synthetic:count=20,size=32,seed=3",
            "--algorithms", "pgd", "--objectives", "single,dgba-protect(normal,depth_zbuffer)", "--eps", "2,4", "--steps", "5", "--max-samples", "8");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var body = api.Single(HttpMethod.Post, "/v1/evaluations").JsonBody;
        Assert.Equal(["modelId", "dataset", "algorithms", "objectives", "epsilons", "steps", "maxSamples"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("tiny.v1", body.GetProperty("modelId").GetString());
        Assert.StartsWith("synthetic:count=20,size=32,seed=3", body.GetProperty("dataset").GetString());
        Assert.Equal(["single", "dgba-protect(normal,depth_zbuffer)"], body.GetProperty("objectives").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([2.0, 4.0], body.GetProperty("epsilons").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(8, body.GetProperty("maxSamples").GetInt32());
        Assert.Contains("Started evaluation e1 of model 'tiny.v1' (4 batches).", run.Output);
        Assert.Contains("mtlattack evaluations wait e1", run.Output);
    }

    [Fact]
    public async Task Start_sends_restarts_an_ensemble_and_an_L2_budget_above_255()
    {
        var api = StartAnswering();

        var run = await RemoteCli.Invoke(api, "evaluations", "start", "--model", "m", "--dataset", "synthetic",
            "--algorithms", "pgd-l2,ensemble(fgm,apgd-l2)", "--eps", "300", "--restarts", "3");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var body = api.Single(HttpMethod.Post, "/v1/evaluations").JsonBody;
        Assert.Equal(["pgd-l2", "ensemble(fgm,apgd-l2)"], body.GetProperty("algorithms").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([300.0], body.GetProperty("epsilons").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(3, body.GetProperty("restarts").GetInt32());
    }

    [Fact]
    public async Task Start_with_the_remaining_options_sends_them_too()
    {
        var api = StartAnswering();

        var run = await RemoteCli.Invoke(api, "evaluations", "start", "--model", "m", "--dataset", "synthetic", "--seed", "7", "--split", "train",
            "--batch-size", "4", "--random-start");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var body = api.Single(HttpMethod.Post, "/v1/evaluations").JsonBody;
        Assert.Equal((7, "train", 4, true), (body.GetProperty("seed").GetInt32(), body.GetProperty("split").GetString(),
            body.GetProperty("batchSize").GetInt32(), body.GetProperty("randomStart").GetBoolean()));
    }

    [Theory]
    [InlineData("--dataset", "synthetic", "--eps", "300", "--eps: Epsilon 300 is outside the L-infinity budget of fgsm, 0..255 pixel units")]
    [InlineData("--dataset", "synthetic", "--restarts", "101", "--restarts is at most 100")]
    [InlineData("--dataset", "synthetic", "--steps", "0", "--steps must be a positive whole number")]
    [InlineData("--dataset", "imagenet:x", "--seed", "1", "imagenet")]
    public async Task Start_rejects_bad_settings_before_sending(string datasetOption, string dataset, string option, string value, string expected)
    {
        var api = StartAnswering();

        var run = await RemoteCli.Invoke(api, "evaluations", "start", "--model", "m", datasetOption, dataset, option, value);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(expected, run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Start_with_wait_follows_the_evaluation_to_its_end()
    {
        var api = AnsweringReport(StartAnswering().JsonInTurn(HttpMethod.Get, E1, Running with { BatchesDone = 2 }, Completed));

        var run = await RemoteCli.Invoke(api, "evaluations", "start", "--model", "tiny.v1", "--dataset", "synthetic", "--wait", "--poll-interval", "0");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(2, api.Requests.Count(r => r.Path == E1));
        Assert.Contains("Evaluation e1 of model 'tiny.v1': completed, 4 of 4 batches (100%).", run.Output);
        Assert.Contains("mtlattack evaluations report e1", run.Output);
        Assert.Contains("warning: pgd x total @ eps 4: the average loss change 2.0% is not above random noise's 3.0% at the same budget.", run.Output);
    }

    [Fact]
    public async Task Wait_polls_until_the_end_then_prints_the_final_state()
    {
        var api = AnsweringReport(new FakeApi().JsonInTurn(HttpMethod.Get, E1, Running, Running with { BatchesDone = 3 }, Completed));

        var run = await RemoteCli.Invoke(api, "evaluations", "wait", "e1", "--poll-interval", "0");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        // The bar itself draws only on a terminal or, off one, on Spectre's one-second ticks; these polls take less.
        // Then the report, for its warnings.
        Assert.Equal(3, api.Requests.Count(r => r.Path == E1));
        Assert.Single(api.Requests, r => r.Path == E1 + "/report");
        Assert.Contains("warning: pgd x total @ eps 4", run.Output);
        Assert.Contains("Evaluation e1 of model 'tiny.v1': completed, 4 of 4 batches (100%).", run.Output);
    }

    [Fact]
    public async Task Wait_for_a_failed_evaluation_exits_1_with_the_servers_error()
    {
        var api = new FakeApi().JsonInTurn(HttpMethod.Get, E1, Running, Running with { State = EvaluationStates.Failed, Error = "CUDA out of memory" });

        var run = await RemoteCli.Invoke(api, "evaluations", "wait", "e1", "--poll-interval", "0");

        Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
        Assert.Equal("error: Evaluation 'e1' failed: CUDA out of memory", run.Error.Trim());
    }

    [Fact]
    public async Task Wait_for_a_cancelled_evaluation_exits_1_saying_there_is_no_report()
    {
        var api = new FakeApi().Json(HttpMethod.Get, E1, Running with { State = EvaluationStates.Cancelled, BatchesDone = 1 });

        var run = await RemoteCli.Invoke(api, "evaluations", "wait", "e1");

        Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
        Assert.Contains("cancelled, 1 of 4 batches (25%)", run.Output);
        Assert.Equal("error: evaluation 'e1' was cancelled; it has no report.", run.Error.Trim());
    }

    [Fact]
    public async Task Status_prints_one_line_with_the_error_of_a_failed_evaluation()
    {
        var api = new FakeApi().Json(HttpMethod.Get, E1, Running with { State = EvaluationStates.Failed, BatchesDone = 1, Error = "disk full" });

        var run = await RemoteCli.Invoke(api, "evaluations", "status", "e1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("Evaluation e1 of model 'tiny.v1': failed, 1 of 4 batches (25%). Error: disk full", run.Output.Trim());
    }

    [Fact]
    public async Task Status_says_why_a_running_evaluation_waits()
    {
        var api = new FakeApi().Json(HttpMethod.Get, E1, Running with { BatchesDone = 2, Waiting = "No silo in the cluster has a cuda accelerator." });

        var run = await RemoteCli.Invoke(api, "evaluations", "status", "e1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("Evaluation e1 of model 'tiny.v1': running, 2 of 4 batches (50%). Waiting: No silo in the cluster has a cuda accelerator.", run.Output.Trim());
    }

    [Fact]
    public async Task Report_prints_the_format_asked()
    {
        var api = new FakeApi().Text(HttpMethod.Get, $"{E1}/report", "| algorithm |\n|---|\n", "text/markdown");

        var run = await RemoteCli.Invoke(api, "evaluations", "report", "e1", "--format", "md");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("?format=md", api.Single(HttpMethod.Get, $"{E1}/report").Query);
        Assert.Equal("| algorithm |\n|---|\n", run.Output);
    }

    [Fact]
    public async Task Report_as_html_writes_the_page_to_the_file_asked()
    {
        using var temp = new TempFolder();
        string file = Path.Combine(temp.Path, "report.html");
        const string page = "<!DOCTYPE html><html><body><figure class=\"chart\"><svg></svg></figure></body></html>";
        var api = new FakeApi().Text(HttpMethod.Get, $"{E1}/report", page, "text/html");

        var run = await RemoteCli.Invoke(api, "evaluations", "report", "e1", "--format", "html", "--out", file);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("?format=html", api.Single(HttpMethod.Get, $"{E1}/report").Query);
        Assert.Equal(page, File.ReadAllText(file));
    }

    [Fact]
    public async Task Report_writes_the_file_asked_defaulting_to_json()
    {
        using var temp = new TempFolder();
        string file = Path.Combine(temp.Path, "sub", "report.json");
        var api = new FakeApi().Text(HttpMethod.Get, $"{E1}/report", """{"cells":[]}""", "application/json");

        var run = await RemoteCli.Invoke(api, "evaluations", "report", "e1", "--out", file);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("?format=json", api.Single(HttpMethod.Get, $"{E1}/report").Query);
        Assert.Equal("""{"cells":[]}""", File.ReadAllText(file));
        Assert.Contains($"Wrote {file}", run.Output);
    }

    [Fact]
    public async Task Report_accepts_only_the_servers_formats()
    {
        var api = new FakeApi();
        var run = await RemoteCli.Invoke(api, "evaluations", "report", "e1", "--format", "pdf");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("pdf", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Report_of_a_running_evaluation_exits_2_with_the_servers_words()
    {
        var api = new FakeApi().Problem(HttpMethod.Get, $"{E1}/report", HttpStatusCode.Conflict, "Not completed", "Evaluation 'e1' is running (2 of 4 batches).");

        var run = await RemoteCli.Invoke(api, "evaluations", "report", "e1");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Equal("error: 409 Not completed: Evaluation 'e1' is running (2 of 4 batches).", run.Error.Trim());
    }

    [Fact]
    public async Task Cancel_deletes_the_evaluation_and_prints_its_state()
    {
        var api = new FakeApi().Json(HttpMethod.Delete, E1, Running with { State = EvaluationStates.Cancelled, BatchesDone = 2 });

        var run = await RemoteCli.Invoke(api, "evaluations", "cancel", "e1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var request = api.Single(HttpMethod.Delete, E1);
        Assert.Equal(RemoteCli.Key, request.ApiKey);
        Assert.Equal("", request.Query); // cancelling never purges
        Assert.Contains("Evaluation e1 of model 'tiny.v1': cancelled, 2 of 4 batches (50%).", run.Output);
    }

    [Fact]
    public async Task Delete_purges_the_evaluation_with_the_key_and_says_so()
    {
        var api = new FakeApi().NoContent(HttpMethod.Delete, E1);

        var run = await RemoteCli.Invoke(api, "evaluations", "delete", "e1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var request = api.Single(HttpMethod.Delete, E1);
        Assert.Equal(RemoteCli.Key, request.ApiKey);
        Assert.Equal("?purge=true", request.Query);
        Assert.Single(api.Requests);
        Assert.Equal("Deleted evaluation 'e1' with its report and saved files.", run.Output.Trim());
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Delete_of_a_running_evaluation_exits_2_with_the_servers_words()
    {
        var api = new FakeApi().Problem(HttpMethod.Delete, E1, HttpStatusCode.Conflict, "Conflict",
            "Evaluation e1 is still running; cancel it first, then delete it.");

        var run = await RemoteCli.Invoke(api, "evaluations", "delete", "e1");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Equal("error: 409 Conflict: Evaluation e1 is still running; cancel it first, then delete it.", run.Error.Trim());
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Delete_of_an_unknown_evaluation_exits_2()
    {
        var api = new FakeApi().Problem(HttpMethod.Delete, "/v1/evaluations/nope", HttpStatusCode.NotFound, "Not found",
            "There is no evaluation 'nope'; GET /v1/evaluations lists yours.");

        var run = await RemoteCli.Invoke(api, "evaluations", "delete", "nope");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Equal("error: 404 Not found: There is no evaluation 'nope'; GET /v1/evaluations lists yours.", run.Error.Trim());
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Delete_when_the_server_fails_or_cannot_be_reached_exits_1()
    {
        var failing = new FakeApi().Problem(HttpMethod.Delete, E1, HttpStatusCode.ServiceUnavailable, "The service is unavailable",
            "The service could not reach a silo in time; retry shortly.");
        var failed = await RemoteCli.Invoke(failing, "evaluations", "delete", "e1");
        Assert.True(failed.ExitCode == ExitCodes.Failure, failed.ToString());
        Assert.StartsWith("error: 503 The service is unavailable:", failed.Error.Trim());

        var unreachable = await RemoteCli.Invoke(new FakeApi().Unreachable(HttpMethod.Delete, E1), "evaluations", "delete", "e1");
        Assert.True(unreachable.ExitCode == ExitCodes.Failure, unreachable.ToString());
        Assert.StartsWith($"error: could not reach the MtlAttack API at {RemoteCli.Server}", unreachable.Error.Trim());
        Assert.Equal("", unreachable.Output);
    }

    [Fact]
    public async Task Delete_needs_an_id()
    {
        var api = new FakeApi();
        var run = await RemoteCli.Invoke(api, "evaluations", "delete");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("mtlattack evaluations delete --help", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task List_prints_a_table_of_the_evaluations()
    {
        var api = new FakeApi().Json(HttpMethod.Get, "/v1/evaluations", (EvaluationInfo[])[Running, Completed with { Id = "e2", ModelId = "wide.v2" }]);

        var run = await RemoteCli.Invoke(api, "evaluations", "list");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("e1") && l.Contains("tiny.v1") && l.Contains("running") && l.Contains("0 of 4 batches (0%)"));
        Assert.Contains(lines, l => l.Contains("e2") && l.Contains("wide.v2") && l.Contains("completed") && l.Contains("(100%)"));
    }

    [Fact]
    public async Task List_of_nothing_says_how_to_start_one()
    {
        var api = new FakeApi().Json(HttpMethod.Get, "/v1/evaluations", Array.Empty<EvaluationInfo>());
        var run = await RemoteCli.Invoke(api, "evaluations", "list");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("No evaluations yet", run.Output);
    }
}
