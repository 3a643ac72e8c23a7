using System.Diagnostics;

namespace MtlAttack.Silo.Tests.Clustered;

/// <summary>
/// A throw-away PostgreSQL server on loopback, from the binaries of a Debian <c>postgresql</c> package: its data in a
/// temporary folder, trust authentication for the <c>postgres</c> user, no fsync. As root (CI) the server runs as the
/// <c>postgres</c> system user, since PostgreSQL refuses to run as root.
/// </summary>
internal sealed class PrivatePostgresServer : IDisposable
{
    private const string BinariesRoot = "/usr/lib/postgresql";

    private readonly string binaries;
    private readonly string folder;
    private readonly bool asPostgresUser;

    private PrivatePostgresServer(string binaries, string folder, bool asPostgresUser, int port)
    {
        this.binaries = binaries;
        this.folder = folder;
        this.asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>Why a test that needs a server of its own is skipped here, or null where the binaries are installed.</summary>
    public static string? MissingBinariesReason => FindBinaries() is null
        ? "No PostgreSQL binaries under /usr/lib/postgresql/*/bin: this test stops and restarts a server of its own, " +
          "so it needs the postgresql package installed (apt-get install postgresql); .ci/run installs it."
        : null;

    /// <summary>The newest installed version's bin folder, or null when PostgreSQL is not installed.</summary>
    public static string? FindBinaries() =>
        Directory.Exists(BinariesRoot)
            ? Directory.GetDirectories(BinariesRoot)
                .Select(d => Path.Combine(d, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out int v) ? v : 0)
                .FirstOrDefault()
            : null;

    public static PrivatePostgresServer Start(string binaries)
    {
        bool root = Environment.UserName == "root";
        string folder = Directory.CreateTempSubdirectory("mtl-postgres-").FullName;
        if (root) Run("chown", ["postgres", folder]);
        var server = new PrivatePostgresServer(binaries, folder, root, LocalPorts.Free());
        try
        {
            server.RunPostgres("initdb", ["-D", server.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
            server.Resume();
            server.StopWhenThisProcessEnds();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private string DataFolder => Path.Combine(folder, "data");

    /// <summary>Stops the server as an outage would: a fast shutdown, which cuts every open connection. The data stays.</summary>
    public void Halt() => RunPostgres("pg_ctl", ["-D", DataFolder, "-m", "fast", "-w", "-t", "60", "stop"]);

    /// <summary>Starts the server (again) on its port, with its data.</summary>
    public void Resume() =>
        RunPostgres("pg_ctl", ["-D", DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
            "-o", $"-k {folder} -h 127.0.0.1 -p {Port} -F", "start"]);

    public void Dispose()
    {
        if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
            try { RunPostgres("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]); } catch (InvalidOperationException) { }
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Leaves behind a watcher that stops the server and deletes its folder once this process is gone. The test host is
    /// killed soon after its last test, too soon for exit handlers to finish; the watcher is orphaned on purpose (the
    /// inner shell's parent exits at once), so killing the test host's process tree does not take it along.
    /// </summary>
    private void StopWhenThisProcessEnds()
    {
        string owner = asPostgresUser ? "runuser -u postgres -- " : "";
        string stop = $"{owner}'{Path.Combine(binaries, "pg_ctl")}' -D '{DataFolder}' -m immediate -w stop";
        string watcher = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop}; rm -rf '{folder}'";
        Run("sh", ["-c", $"({watcher}) >/dev/null 2>&1 &"]);
    }

    private void RunPostgres(string tool, IReadOnlyList<string> arguments)
    {
        string executable = Path.Combine(binaries, tool);
        if (asPostgresUser) Run("runuser", ["-u", "postgres", "--", executable, .. arguments]);
        else Run(executable, arguments);
    }

    private static void Run(string executable, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        // Read both streams before waiting: a full pipe would block the child.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output.Result}");
    }
}
