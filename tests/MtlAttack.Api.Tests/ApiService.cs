using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MtlAttack.Api.Tenancy;
using MtlAttack.Grains.Telemetry;
using MtlAttack.Grains.Tests;
using MtlAttack.Silo;
using OpenTelemetry.Trace;

namespace MtlAttack.Api.Tests;

/// <summary>
/// The service as a deployment has it, in one test process: an embedded silo (localhost clustering on free ports,
/// SQLite state) and the API as a separate Orleans client of it (WebApplicationFactory over the API's own Program),
/// two tenants, and tiny checkpoints, good and bad.
/// </summary>
public sealed class ApiService : IAsyncLifetime
{
    public const long MaxCheckpointBytes = 4L << 20;
    public const string Dataset = TinyModels.Dataset;

    /// <summary>
    /// An evaluation that is still running when a test acts on it at once: the tiny dataset has one test batch, so the
    /// length comes from many cells (seconds in all), each a short batch, so that cancelling it stops it promptly.
    /// Tests that use it cancel it.
    /// </summary>
    public static StartEvaluationRequest LongRunning(string model) => new()
    {
        ModelId = model,
        Dataset = Dataset,
        Algorithms = ["pgd"],
        Objectives = ["total", "dgba"],
        Epsilons = TinyModels.ManyEpsilons,
        Steps = 50,
        BatchSize = 4,
    };

    private readonly TempFolder folder = new();
    private IHost silo = null!;
    private WebApplicationFactory<ApiOptions> factory = null!;

    public ExportedSpans Spans { get; } = new();

    /// <summary>What the API logged: category, level, message and the exception's message (null when none was logged).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<LoggedEntry> Logs { get; } = new();
    public string Checkpoint { get; private set; } = null!;
    public string OtherCheckpoint { get; private set; } = null!;
    public string NaNCheckpoint { get; private set; } = null!;
    public string BlobPath => folder.Sub("blobs");
    public SqlTenantDirectory Tenants { get; private set; } = null!;
    public string AlphaKey { get; private set; } = null!;
    public string BetaKey { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Checkpoint = TinyModels.Save(folder.Sub("tiny"));
        OtherCheckpoint = TinyModels.Save(folder.Sub("tiny-other"), seed: 5);
        NaNCheckpoint = TinyModels.Save(folder.Sub("nan"), withNaN: true);

        int gateway = LocalPorts.Free();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMtlAttackSilo(o =>
        {
            o.Mode = SiloModes.Embedded;
            o.SiloPort = LocalPorts.Free();
            o.GatewayPort = gateway;
            o.ClusterId = "api-tests";
            o.StatePath = folder.Sub("state.db");
        });
        silo = builder.Build();
        await silo.StartAsync();

        string tenants = folder.Sub("tenants.db");
        factory = new WebApplicationFactory<ApiOptions>().WithWebHostBuilder(web =>
        {
            // As deployed: Development would turn on framework behaviour (detailed binding errors) the service must not rely on.
            web.UseEnvironment("Production");
            web.UseSetting("MtlAttack:Client:Mode", "localhost");
            web.UseSetting("MtlAttack:Client:GatewayPort", gateway.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("MtlAttack:Client:ClusterId", "api-tests");
            web.UseSetting("MtlAttack:Api:BlobPath", BlobPath);
            web.UseSetting("MtlAttack:Api:MaxCheckpointBytes", MaxCheckpointBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("MtlAttack:Api:Tenants:SqlitePath", tenants);
            web.ConfigureLogging(logging => logging.AddProvider(new RecordingLoggerProvider(Logs)));
            web.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(GrainTelemetry.SourceName).AddInMemoryExporter(Spans)));
        });
        Tenants = SqlTenantDirectory.Sqlite(tenants);
        AlphaKey = await Tenants.CreateTenantAsync("alpha");
        BetaKey = await Tenants.CreateTenantAsync("beta");
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await silo.StopAsync();
        silo.Dispose();
        folder.Dispose();
    }

    /// <summary>A raw HTTP client, with <paramref name="apiKey"/> in the header when given.</summary>
    public HttpClient Http(string? apiKey)
    {
        var http = factory.CreateClient();
        if (apiKey is not null) http.DefaultRequestHeaders.Add(ApiHeaders.ApiKey, apiKey);
        return http;
    }

    public MtlAttackClient Sdk(string apiKey) => new(factory.CreateClient(), apiKey);

    /// <summary>The alpha tenant's SDK with the tiny checkpoint uploaded as <paramref name="model"/> (once, whichever test of a class gets there first).</summary>
    public async Task<MtlAttackClient> SdkWithModelAsync(string model)
    {
        var sdk = Sdk(AlphaKey);
        if ((await sdk.ListModelsAsync()).All(m => m.Id != model))
        {
            try { await sdk.UploadModelAsync(Checkpoint, name: model); }
            catch (MtlAttackApiException e) when (e.Status == HttpStatusCode.Conflict) { } // another test got there first
        }
        return sdk;
    }

    /// <summary>An API configured as this one but for <paramref name="settings"/> (the caller disposes it).</summary>
    public WebApplicationFactory<ApiOptions> Reconfigured(IReadOnlyDictionary<string, string> settings) =>
        factory.WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });

    public string Sub(string name) => folder.Sub(name);
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiService>
{
    public const string Name = "api";
}

public sealed record LoggedEntry(string Category, LogLevel Level, string Message, string? Exception);

/// <summary>Keeps every entry the API logs, for tests that check what is logged and how loudly.</summary>
internal sealed class RecordingLoggerProvider(System.Collections.Concurrent.ConcurrentQueue<LoggedEntry> entries) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, entries);

    public void Dispose() { }

    private sealed class Recorder(string category, System.Collections.Concurrent.ConcurrentQueue<LoggedEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LoggedEntry(category, logLevel, formatter(state, exception), exception?.Message));
    }
}
