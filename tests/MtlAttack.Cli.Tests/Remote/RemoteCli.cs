using MtlAttack.Cli.Commands.Shared.Remote;
using MtlAttack.Testing;

namespace MtlAttack.Cli.Tests.Remote;

/// <summary>Runs the command line in-process against a <see cref="FakeApi"/>, as <see cref="CliRun"/> does for local commands.</summary>
internal static class RemoteCli
{
    public const string Server = "http://mtl.test";
    public const string Key = "cli-key";

    /// <summary>With <c>--server</c> and <c>--api-key</c> given on the root.</summary>
    public static Task<CliRun> Invoke(FakeApi api, params string[] args) => InvokeAsGiven(api, ["--server", Server, "--api-key", Key, .. args]);

    /// <summary>Exactly <paramref name="args"/>, with the connection variables unset unless <paramref name="variables"/> sets them.</summary>
    public static async Task<CliRun> InvokeAsGiven(FakeApi api, string[] args, string? serverVariable = null, string? keyVariable = null)
    {
        using var variables = new VariableScope(serverVariable, keyVariable);
        using (CliEnvironment.UseHttpHandler(() => api))
            return await CliRun.Invoke(args);
    }

    // The CLI tests run one at a time, so setting process variables for one run cannot leak into another.
    private sealed class VariableScope : IDisposable
    {
        private readonly string? server = Environment.GetEnvironmentVariable(RemoteConnection.ServerVariable);
        private readonly string? key = Environment.GetEnvironmentVariable(RemoteConnection.ApiKeyVariable);

        public VariableScope(string? server, string? key) => Set(server, key);

        public void Dispose() => Set(server, key);

        private static void Set(string? server, string? key)
        {
            Environment.SetEnvironmentVariable(RemoteConnection.ServerVariable, server);
            Environment.SetEnvironmentVariable(RemoteConnection.ApiKeyVariable, key);
        }
    }
}
