using MtlAttack.Core.Native;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtlAttack.Core.Models;
using MtlAttack.Grains.Telemetry;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Grains.Hosting;

/// <summary>
/// The silo's loaded models: the one piece of shared mutable state on a silo (a singleton service). A model (a native
/// checkpoint or a TorchScript module, through Core's one <see cref="AttackableModel"/>) is loaded once per folder onto
/// the silo's device in eval mode with frozen weights, shared by the model grain and the attack grains beside it, and
/// disposed, freeing device memory, when the last lease is released.
/// </summary>
public sealed class ModelHost(ILogger<ModelHost> logger, ModelHostOptions options, Device device) : IDisposable
{
    private readonly object gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public ModelHost(ILogger<ModelHost> logger, IOptions<ModelHostOptions> options) : this(logger, options.Value, TorchRuntime.DefaultDevice())
    {
    }

    /// <summary>Where networks are loaded: cuda when libtorch sees a GPU, else cpu (whatever the silo's label says).</summary>
    public Device Device { get; } = device;

    /// <summary>Number of distinct networks loaded now.</summary>
    public int LoadedCount { get { lock (gate) return entries.Count; } }

    public int ReferenceCount(string checkpointDirectory)
    {
        lock (gate) return entries.TryGetValue(Normalize(checkpointDirectory), out var e) ? e.Holders.Count : 0;
    }

    /// <summary>Who holds the leases on the model in <paramref name="checkpointDirectory"/> now, as each named itself when it acquired one (for logs and failing tests).</summary>
    public IReadOnlyList<string> Holders(string checkpointDirectory)
    {
        lock (gate) return entries.TryGetValue(Normalize(checkpointDirectory), out var e) ? e.Holders.Values.ToList() : [];
    }

    /// <summary>
    /// A lease on the model in <paramref name="checkpointDirectory"/>, loading it when no one holds it. Load errors
    /// (missing files, wrong shapes, NaN weights, a TorchScript module that cannot be attacked) are Core's own
    /// (<see cref="ModelFolder.Load"/>), unchanged; a TorchScript folder on a silo that does not allow them is a
    /// <see cref="ModelRefusedException"/> naming the setting.
    /// </summary>
    /// <param name="holder">Who takes the lease (a grain and its activation), so that a lease kept too long can be traced to its holder.</param>
    public ModelLease Acquire(string checkpointDirectory, string holder = "")
    {
        string key = Normalize(checkpointDirectory);
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var entry))
            {
                entry = new Entry(Load(key));
                entries[key] = entry;
            }
            var lease = new ModelLease(this, key, entry.Model);
            entry.Holders[lease] = $"{holder} since {DateTime.UtcNow:HH:mm:ss.fff}";
            return lease;
        }
    }

    internal void Release(string key, ModelLease lease)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var entry) || !entry.Holders.Remove(lease)) return;
            if (entry.Holders.Count > 0) return;
            entries.Remove(key);
            entry.Model.Dispose();
            logger.LogInformation("Unloaded the model of {Checkpoint}", key);
        }
    }

    private AttackableModel Load(string directory)
    {
        using var span = GrainTelemetry.Source.StartActivity(GrainTelemetry.Spans.ModelLoad);
        span?.SetTag("mtlattack.checkpoint", directory);
        span?.SetTag("mtlattack.device", Device.ToString());
        var stopwatch = Stopwatch.StartNew();
        try
        {
            // model.json alone says what the folder is: a TorchScript module is refused before its archive is opened.
            var header = ModelFolder.ReadHeader(directory);
            span?.SetTag("mtlattack.format", header.Format.ToString().ToLowerInvariant());
            if (header.Format == ModelFormat.TorchScript && !options.AllowTorchScript)
                throw new ModelRefusedException(
                    "This service does not load TorchScript models: a TorchScript archive carries code that the silo would run, and the operator " +
                    $"has not allowed that ({ModelHostOptions.AllowTorchScriptSetting} is off). Register a native checkpoint (model.json + weights.safetensors), " +
                    "or ask the operator to turn the setting on.");
            var model = ModelFolder.Load(directory, Device, options.TorchScriptLimits);
            logger.LogInformation("Loaded the {Format} model of {Checkpoint} onto {Device} in {Elapsed} ms", header.Format, directory, Device, stopwatch.ElapsedMilliseconds);
            return model;
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    private static string Normalize(string directory) => Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var entry in entries.Values) entry.Model.Dispose();
            entries.Clear();
        }
    }

    private sealed class Entry(AttackableModel model)
    {
        public AttackableModel Model { get; } = model;
        public Dictionary<ModelLease, string> Holders { get; } = new(ReferenceEqualityComparer.Instance);
    }
}

/// <summary>A hold on a loaded model; disposing it releases the hold (once).</summary>
public sealed class ModelLease : IDisposable
{
    private ModelHost? host;
    private readonly string key;

    internal ModelLease(ModelHost host, string key, AttackableModel model)
    {
        this.host = host;
        this.key = key;
        Model = model;
    }

    public AttackableModel Model { get; }

    public void Dispose() => Interlocked.Exchange(ref host, null)?.Release(key, this);
}
