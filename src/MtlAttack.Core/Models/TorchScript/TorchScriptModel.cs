using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MtlAttack.Core.Telemetry;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.TorchScript;

/// <summary>
/// A user's TorchScript module as an <see cref="AttackableModel"/>. libtorch's interpreter runs the module's
/// TorchScript code (never Python, never a pickled Python object). Loading checks the archive, loads it onto the
/// device in eval mode with frozen weights, and probes it at the declared input size (<see cref="TorchScriptProbe"/>),
/// so a module that cannot be attacked is refused at load with a message, not half-way through an evaluation.
/// </summary>
public sealed class TorchScriptModel : AttackableModel
{
    private readonly jit.ScriptModule module;
    private readonly Tensor? scale;

    // Makes TorchScript input gradients exact. Process-wide libtorch switches, none exposed by TorchSharp 0.107, called
    // through libtorch's exported C++ symbols:
    // - oneDNN (mkldnn) and NNPACK off, for the whole process (Native.TorchBackends): with oneDNN, on the project's
    //   CPU machine (libtorch 2.10, AMD EPYC), the input gradients of the fixture networks were wrong by 57-75% of their
    //   largest entry with one intra-op thread and varied from call to call (sometimes NaN) with two; without it they
    //   match PyTorch to 1e-5 at any thread count.
    // - Graph-executor optimisation off: libtorch otherwise profiles a scripted graph's first calls and then rewrites
    //   it into differentiable subgraphs with their own backward formulas, so the gradient would depend on how often
    //   the module ran; off, the graph runs as plain operators under eager autograd.
    private static readonly Lazy<bool> ExactAutograd = new(() =>
    {
        InitializeDeviceType(DeviceType.CPU);
        SetGraphExecutorOptimize(false);
        Native.TorchBackends.EnsureConfigured();
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private TorchScriptModel(string directory, TorchScriptSpec spec, jit.ScriptModule module, Tensor? scale, Device device)
        : base(directory, spec.Header, device)
    {
        Spec = spec;
        this.module = module;
        this.scale = scale;
    }

    public TorchScriptSpec Spec { get; }

    /// <summary>
    /// Loads the module model.json in <paramref name="directory"/> names. Refusals (not TorchScript, a dict output,
    /// wrong output count or channels, a failing or non-finite probe, a task without input gradient) are
    /// <see cref="ModelRefusedException"/>s that say what to change.
    /// </summary>
    public static TorchScriptModel Load(string directory, TorchScriptSpec spec, Device device, TorchScriptLimits? limits = null)
    {
        using var span = CoreTelemetry.Source.StartActivity(CoreTelemetry.Spans.LoadNetwork);
        span?.SetTag("mtlattack.checkpoint", directory);
        span?.SetTag("mtlattack.format", TorchScriptSpec.FormatName);
        string path = Path.Combine(directory, spec.File);
        // Not refused here on a Dict-returning forward in the code: a wrapper's inner module may return a dict (the
        // wrapper MtlAttack's refusal shows, scripted, keeps the inner forward), and only the top-level forward
        // counts. The probe sees what that returns; the declarations tell it a dict from other unreadable outputs.
        var returns = TorchScriptArchive.Check(path, limits ?? TorchScriptLimits.Default);
        bool declaresDict = returns.Any(r => r.StartsWith("Dict[", StringComparison.Ordinal));

        _ = ExactAutograd.Value;
        jit.ScriptModule module;
        try
        {
            module = jit.load(path, device.type, device.index);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ModelRefusedException($"libtorch could not load '{spec.File}' as TorchScript: {TorchScriptProbe.Trim(e.Message)}", e);
        }
        Tensor? scale = null;
        try
        {
            module.eval();
            foreach (var parameter in module.parameters()) parameter.requires_grad_(false);
            if (spec.Scale is { } s) scale = tensor(s, dtype: ScalarType.Float32, device: device).reshape(1, 3, 1, 1);
            var model = new TorchScriptModel(Path.GetFullPath(directory), spec, module, scale, device);
            TorchScriptProbe.Run(model, declaresDict);
            return model;
        }
        catch
        {
            scale?.Dispose();
            module.Dispose();
            throw;
        }
    }

    public override IReadOnlyDictionary<string, Tensor> Forward(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != 3)
            throw new ArgumentException($"Images must be [N, 3, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        var input = scale is null ? images : images * scale;
        object result = module.invoke("forward", input);
        var outputs = Outputs(result);
        if (outputs.Count != Spec.Tasks.Count)
            throw new ModelRefusedException($"The module returns {outputs.Count} tensor{(outputs.Count == 1 ? "" : "s")} but model.json lists {Spec.Tasks.Count} tasks ({string.Join(", ", TaskNames)}); " +
                "return one tensor per task, in the order of tasks, or list the tasks the module returns.");
        var named = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int t = 0; t < outputs.Count; t++) named[Spec.Tasks[t].Name] = outputs[t].MoveToOuterDisposeScope();
        return named;
    }

    public override string Describe() =>
        $"{Directory} (TorchScript {Spec.File}, input {Spec.InputHeight}x{Spec.InputWidth}, tasks {string.Join(", ", TaskNames)})";

    public override void Dispose()
    {
        scale?.Dispose();
        module.Dispose();
    }

    /// <summary>A tensor, a tuple (TorchSharp gives value tuples up to 5, arrays beyond) or a list of tensors, as a list.</summary>
    private static IReadOnlyList<Tensor> Outputs(object? result) => result switch
    {
        Tensor single => [single],
        Tensor[] many => many,
        object[] mixed when mixed.All(o => o is Tensor) => mixed.Cast<Tensor>().ToList(),
        ITuple tuple when Enumerable.Range(0, tuple.Length).All(i => tuple[i] is Tensor) => Enumerable.Range(0, tuple.Length).Select(i => (Tensor)tuple[i]!).ToList(),
        _ => throw new ModelRefusedException($"The module's forward returns {(result is null ? "None" : "something other than tensors")}; return a tuple of tensors [N,C,h,w], one per task in the order of tasks."),
    };

    [DllImport("torch_cpu", EntryPoint = "_ZN5torch3jit24setGraphExecutorOptimizeEb")]
    private static extern void SetGraphExecutorOptimize([MarshalAs(UnmanagedType.U1)] bool optimize);
}
