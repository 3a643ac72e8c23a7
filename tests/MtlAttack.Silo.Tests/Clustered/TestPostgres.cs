namespace MtlAttack.Silo.Tests.Clustered;

/// <summary>
/// The PostgreSQL server the clustered tests use: the one <see cref="Variable"/> names (<c>.ci/run</c> starts one and
/// sets it), else a private server started once per test run from an installed <c>postgresql</c> package. Each test
/// class makes its own database on it (<see cref="TestDatabase"/>).
/// </summary>
internal static class TestPostgres
{
    /// <summary>A connection string to a server whose user may create databases (its Database is ignored).</summary>
    public const string Variable = "MTLATTACK_TEST_POSTGRES";

    private static readonly string? Configured = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
    private static readonly string? Binaries = PrivatePostgresServer.FindBinaries();
    private static readonly Lazy<string> Admin = new(StartPrivateServer, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Why the clustered tests cannot run here, or null when they can.</summary>
    public static string? UnavailableReason =>
        Configured is null && Binaries is null
            ? $"No PostgreSQL for the clustered tests: set {Variable} to a connection string of a server whose user may create " +
              "databases, or install PostgreSQL (apt-get install postgresql) so the tests start a private one from " +
              "/usr/lib/postgresql/*/bin; .ci/run does the latter."
            : null;

    /// <summary>
    /// A connection string with the rights to create databases. A configured server that is down fails the tests
    /// rather than skipping them: whoever set the variable wants them run.
    /// </summary>
    public static string AdminConnectionString => Configured ?? Admin.Value;

    private static string StartPrivateServer()
    {
        // Stopped by its own watcher when the test process ends.
        var server = PrivatePostgresServer.Start(Binaries ?? throw new InvalidOperationException(UnavailableReason));
        return server.AdminConnectionString;
    }
}
