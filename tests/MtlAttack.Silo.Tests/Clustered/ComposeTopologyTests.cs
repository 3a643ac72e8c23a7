using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace MtlAttack.Silo.Tests.Clustered;

/// <summary>
/// docker-compose.yml's topology as plain processes (no Docker engine runs on these machines): deploy/run-topology.sh
/// builds the silo, the API and the CLI, starts PostgreSQL, a cuda-labelled and a cpu silo and the API with the compose
/// file's variables, and drives an evaluation through the HTTP API across the loss and replacement of the GPU silo.
/// </summary>
public class ComposeTopologyTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    [PostgresFact]
    public async Task TheComposeTopologyRunsEndToEndAsProcesses()
    {
        string repository = RepositoryRoot();
        string artifacts = Directory.CreateTempSubdirectory("mtl-topology-build-").FullName;
        try
        {
            var start = new ProcessStartInfo("bash", [Path.Combine(repository, "deploy", "run-topology.sh")])
            {
                WorkingDirectory = repository,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["ARTIFACTS"] = artifacts },
            };
            using var script = Process.Start(start)!;
            var output = script.StandardOutput.ReadToEndAsync();
            var error = script.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Limit);
            try { await script.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                script.Kill(entireProcessTree: true);
                throw new TimeoutException($"deploy/run-topology.sh ran past {Limit}:\n{await output}\n{await error}");
            }
            string log = $"{await output}\n{await error}";
            Assert.True(script.ExitCode == 0, $"deploy/run-topology.sh exited {script.ExitCode}:\n{log}");
            Assert.Contains("ok: no cuda silo: the evaluation waits", log);
            Assert.Contains("topology OK", log);
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    // This source file's folder, as the compiler saw it: the test's build output may live outside the repository.
    private static string RepositoryRoot([CallerFilePath] string source = "")
    {
        for (var folder = new DirectoryInfo(Path.GetDirectoryName(source)!); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "MtlAttack.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No MtlAttack.sln above {source}; build the tests from the repository.");
    }
}
