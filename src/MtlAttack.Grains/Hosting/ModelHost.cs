using MtlAttack.Core.Native;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MtlAttack.Core.Models;
using MtlAttack.Grains.Telemetry;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Grains.Hosting;

/// <summary>
/// The silo's loaded networks: the one piece of shared mutable state on a silo (a singleton service). A network is
/// loaded once per checkpoint onto the silo's device in eval mode with frozen weights, shared by the model grain and
/// the attack grains beside it, and disposed, freeing device memory, when the last lease is released.
/// </summary>
public sealed class ModelHost : IDisposable
{
    private readonly object gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ILogger<ModelHost> logger;

    public ModelHost(ILogger<ModelHost> logger) : this(logger, TorchRuntime.DefaultDevice())
    {
    }

    public ModelHost(ILogger<ModelHost> logger, Device device)
    {
        this.logger = logger;
        Device = device;
    }

    /// <summary>Where networks are loaded: cuda when libtorch sees a GPU, else cpu (whatever the silo's label says).</summary>
    public Device Device { get; }

    /// <summary>Number of distinct networks loaded now.</summary>
    public int LoadedCount { get { lock (gate) return entries.Count; } }

    public int ReferenceCount(string checkpointDirectory)
    {
        lock (gate) return entries.TryGetValue(Normalize(checkpointDirectory), out var e) ? e.References : 0;
    }

    /// <summary>
    /// A lease on the network in <paramref name="checkpointDirectory"/>, loading it when no one holds it. Load errors
    /// (missing files, wrong shapes, NaN weights) are <see cref="MultiTaskNetwork.Load"/>'s own, unchanged.
    /// </summary>
    public ModelLease Acquire(string checkpointDirectory)
    {
        string key = Normalize(checkpointDirectory);
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var entry))
            {
                entry = new Entry(Load(key));
                entries[key] = entry;
            }
            entry.References++;
            return new ModelLease(this, key, entry.Network);
        }
    }

    internal void Release(string key)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var entry)) return;
            if (--entry.References > 0) return;
            entries.Remove(key);
            entry.Network.Dispose();
            logger.LogInformation("Unloaded the network of {Checkpoint}", key);
        }
    }

    private MultiTaskNetwork Load(string directory)
    {
        using var span = GrainTelemetry.Source.StartActivity(GrainTelemetry.Spans.ModelLoad);
        span?.SetTag("mtlattack.checkpoint", directory);
        span?.SetTag("mtlattack.device", Device.ToString());
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var network = MultiTaskNetwork.Load(directory, Device);
            network.eval();
            // Attacks need gradients of the input only; frozen weights skip the parameter gradients.
            foreach (var parameter in network.parameters()) parameter.requires_grad_(false);
            logger.LogInformation("Loaded the network of {Checkpoint} onto {Device} in {Elapsed} ms", directory, Device, stopwatch.ElapsedMilliseconds);
            return network;
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
            foreach (var entry in entries.Values) entry.Network.Dispose();
            entries.Clear();
        }
    }

    private sealed class Entry(MultiTaskNetwork network)
    {
        public MultiTaskNetwork Network { get; } = network;
        public int References { get; set; }
    }
}

/// <summary>A hold on a loaded network; disposing it releases the hold (once).</summary>
public sealed class ModelLease : IDisposable
{
    private ModelHost? host;
    private readonly string key;

    internal ModelLease(ModelHost host, string key, MultiTaskNetwork network)
    {
        this.host = host;
        this.key = key;
        Network = network;
    }

    public MultiTaskNetwork Network { get; }

    public void Dispose() => Interlocked.Exchange(ref host, null)?.Release(key);
}
