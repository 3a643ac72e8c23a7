using System.Net;
using MtlAttack.Cli.Commands.Shared.Remote;
using MtlAttack.Api.Contracts;
using MtlAttack.Testing;

namespace MtlAttack.Cli.Tests.Remote;

/// <summary>How every remote command finds the API and turns its answers into exit codes.</summary>
public sealed class ConnectionTests
{
    private static FakeApi ModelsListed() => new FakeApi().Json(HttpMethod.Get, "/v1/models", Array.Empty<ModelInfo>());

    [Fact]
    public async Task Without_a_server_the_error_says_what_to_pass()
    {
        var api = ModelsListed();
        var run = await RemoteCli.InvokeAsGiven(api, ["models", "list"]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Equal("error: remote commands need the API's address: pass --server URL (e.g. --server http://127.0.0.1:5080, where mtlattack serve listens) or set MTLATTACK_SERVER.",
            run.Error.Trim());
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task The_server_and_key_come_from_the_environment_when_not_given()
    {
        var api = ModelsListed();
        var run = await RemoteCli.InvokeAsGiven(api, ["models", "list"], serverVariable: "http://mtl.test", keyVariable: "from-env");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("from-env", api.Single(HttpMethod.Get, "/v1/models").ApiKey);
    }

    [Fact]
    public async Task Options_win_over_the_environment_and_may_follow_the_subcommand()
    {
        var api = ModelsListed();
        var run = await RemoteCli.InvokeAsGiven(api, ["models", "list", "--server", "http://mtl.test", "--api-key", "typed"],
            serverVariable: "http://elsewhere.test", keyVariable: "from-env");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("typed", api.Single(HttpMethod.Get, "/v1/models").ApiKey);
    }

    private const string NeverMade = "/tmp/mtlattack-tests-never-made";

    [Theory]
    [InlineData("--server", "http://mtl.test", "layouts")]
    [InlineData("--api-key", "typed", "layouts")]
    [InlineData("--server", "http://mtl.test", "dataset", "synth", "--out", NeverMade)]
    public async Task A_local_command_refuses_the_connection_options_instead_of_ignoring_them(string option, string value, params string[] local)
    {
        var api = ModelsListed();
        var before = await RemoteCli.InvokeAsGiven(api, [option, value, .. local]);
        var after = await RemoteCli.InvokeAsGiven(api, [.. local, option, value]);

        foreach (var run in new[] { before, after })
        {
            Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
            Assert.Contains($"{option} is for the remote commands (models, evaluations, reports); '{local[0]}' runs on this machine", run.Error);
        }
        Assert.False(Directory.Exists(NeverMade));
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_server_under_a_path_prefix_keeps_the_prefix()
    {
        var api = new FakeApi().Json(HttpMethod.Get, "/mtlattack/v1/models", Array.Empty<ModelInfo>());
        var run = await RemoteCli.InvokeAsGiven(api, ["--server", "http://mtl.test/mtlattack", "models", "list"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Single(api.Requests);
    }

    [Theory]
    [InlineData("mtl.test:5000")]
    [InlineData("ftp://mtl.test")]
    public async Task A_server_that_is_not_an_http_url_is_a_usage_error(string server)
    {
        var api = ModelsListed();
        var run = await RemoteCli.InvokeAsGiven(api, ["--server", server, "models", "list"]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains($"--server '{server}' is not an http:// or https:// URL", run.Error);
        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, ExitCodes.Usage)]
    [InlineData(HttpStatusCode.Forbidden, ExitCodes.Usage)]
    [InlineData(HttpStatusCode.InternalServerError, ExitCodes.Failure)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ExitCodes.Failure)]
    public async Task Problems_print_one_line_and_exit_by_whether_the_input_can_be_fixed(HttpStatusCode status, int exitCode)
    {
        var api = new FakeApi().Problem(HttpMethod.Get, "/v1/models/m1", status, "Title", "What went wrong.");
        var run = await RemoteCli.Invoke(api, "models", "show", "m1");

        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Equal($"error: {(int)status} Title: What went wrong.", run.Error.Trim());
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task An_unreachable_server_exits_1_naming_it()
    {
        var api = new FakeApi().Unreachable(HttpMethod.Get, "/v1/models");
        var run = await RemoteCli.Invoke(api, "models", "list");

        Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
        Assert.Equal("error: could not reach the MtlAttack API at http://mtl.test/: Connection refused (mtl.test:80)", run.Error.Trim());
    }

    [Fact]
    public async Task Root_help_lists_the_remote_commands_and_connection_options()
    {
        var run = await CliRun.Invoke("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var text in new[] { "models", "evaluations", "reports", "--server", "--api-key", RemoteConnection.ServerVariable })
            Assert.Contains(text, run.Output);
    }
}
