using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.TorchScript;

/// <summary>
/// The load-time check of a TorchScript module: one forward and backward pass on a fixed two-image batch at the
/// declared input size. Every output must be a finite floating-point [N,C,h,w] tensor with the task's channels, and
/// every task must have a non-zero, finite input gradient (an attack follows it); a refusal names the task.
/// </summary>
internal static class TorchScriptProbe
{
    private const int ProbeImages = 2;
    private const ulong ProbeSeed = 20251;

    /// <param name="declaresDict">Whether a forward in the archive's code returns a Dict: then a result TorchSharp cannot convert is that dict.</param>
    public static void Run(TorchScriptModel model, bool declaresDict)
    {
        var spec = model.Spec;
        using var scope = NewDisposeScope();
        // The probe judges the module's graph, not the caller's grad mode: a load inside a no_grad scope is probed alike.
        using var gradients = enable_grad();
        using var random = new Generator(ProbeSeed);
        var (lo, hi) = model.Bounds.AsTensors(CPU, ScalarType.Float32);
        var images = (lo + rand([ProbeImages, 3, spec.InputHeight, spec.InputWidth], generator: random) * (hi - lo)).to(model.Device).requires_grad_(true);

        IReadOnlyDictionary<string, Tensor> outputs;
        try
        {
            outputs = model.Forward(images);
        }
        catch (ModelRefusedException) { throw; }
        catch (Exception e) when (e is ExternalException or ArgumentException or NotImplementedException or InvalidCastException)
        {
            // TorchSharp throws these when it cannot convert the result (a dict, a tuple of non-tensors).
            if (e is NotImplementedException or InvalidCastException or ArgumentOutOfRangeException)
                throw declaresDict
                    ? DictOutput(spec, e)
                    : new ModelRefusedException($"The module's forward returns something other than tensors ({Trim(e.Message)}); return a tuple of tensors [N,C,h,w], one per task in the order of tasks.", e);
            throw new ModelRefusedException($"The probe forward at the declared input size {spec.InputHeight}x{spec.InputWidth} failed: {Trim(e.Message)}. " +
                "Check model.json's input size and that the module takes one [N,3,H,W] tensor.", e);
        }

        foreach (var task in spec.Tasks)
        {
            var output = outputs[task.Name];
            if (output.dim() != 4 || !output.is_floating_point())
                throw new ModelRefusedException($"Task '{task.Name}': the module returns a {output.dtype} tensor of shape [{string.Join(",", output.shape)}]; each output must be a floating-point [N,C,h,w] tensor.");
            if (output.shape[0] != ProbeImages)
                throw new ModelRefusedException($"Task '{task.Name}': the module returns {output.shape[0]} predictions for a batch of {ProbeImages} images; keep the batch dimension.");
            if (output.shape[1] != task.OutputChannels)
                throw new ModelRefusedException($"Task '{task.Name}': the module returns {output.shape[1]} channels but the task needs {task.OutputChannels} " +
                    $"({ChannelRule(task)}); fix model.json's tasks (their order is the order of the module's outputs) or the module.");
            if (!output.isfinite().all().item<bool>())
                throw new ModelRefusedException($"Task '{task.Name}': the module's output holds NaN or infinite values on the probe images (valid pixels at {spec.InputHeight}x{spec.InputWidth}); fix the module.");
        }

        const string Cause = "its forward cuts the gradient (no_grad, detach, argmax, rounding or a constant)";
        // Forward-only checks first: a task cut off from the graph is named without running any backward pass.
        foreach (var task in spec.Tasks)
            if (!outputs[task.Name].requires_grad)
                throw new ModelRefusedException($"Task '{task.Name}': its output does not depend differentiably on the input: {Cause}. Attacks follow input gradients; remove that from the task's path.");

        for (int t = 0; t < spec.Tasks.Count; t++)
        {
            var task = spec.Tasks[t];
            var output = outputs[task.Name];
            // A fixed random weighting of the output: zero only if the output does not depend on the input at all.
            var weights = rand(output.shape, generator: random).to(output.dtype).to(output.device);
            bool last = t == spec.Tasks.Count - 1;
            var gradient = autograd.grad([(output * weights).sum()], [images], retain_graph: !last, allow_unused: true)[0];
            if (gradient is null || gradient.IsInvalid || !gradient.isfinite().all().item<bool>())
                throw new ModelRefusedException(gradient is null || gradient.IsInvalid
                    ? $"Task '{task.Name}': its output has no input gradient: {Cause}. Attacks follow input gradients; remove that from the task's path."
                    : $"Task '{task.Name}': its input gradient holds NaN or infinite values on the probe images; fix the module.");
            if (!gradient.ne(0).any().item<bool>())
                throw new ModelRefusedException($"Task '{task.Name}': its input gradient is zero everywhere: {Cause}. Attacks follow input gradients; remove that from the task's path.");
        }
    }

    public static ModelRefusedException DictOutput(TorchScriptSpec spec, Exception? inner = null)
    {
        var names = spec.Tasks.Select(t => t.Name).ToList();
        return new ModelRefusedException(
            $"The module returns a dict; MtlAttack needs a tuple of tensors in the order of model.json's tasks ({string.Join(", ", names)}). Wrap it and save the wrapper (Tuple from typing):\n" +
            "class AsTuple(torch.nn.Module):\n" +
            "    def __init__(self, model):\n" +
            "        super().__init__(); self.model = model\n" +
            // One Tensor per task: torch.jit.script refuses Tuple[torch.Tensor, ...].
            $"    def forward(self, x: torch.Tensor) -> Tuple[{string.Join(", ", names.Select(_ => "torch.Tensor"))}]:\n" +
            $"        out = self.model(x); return ({string.Join(", ", names.Select(n => $"out[\"{n}\"]"))},)",
            inner);
    }

    /// <summary>The first line of libtorch's message without its C++ stack, and not too long for one line.</summary>
    public static string Trim(string message)
    {
        var line = message.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("Exception raised from", StringComparison.Ordinal)
            && !l.StartsWith("frame #", StringComparison.Ordinal) && !l.StartsWith("The above operation failed", StringComparison.Ordinal)
            && !l.StartsWith("Traceback", StringComparison.Ordinal)) ?? message;
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    private static string ChannelRule(TaskHeadSpec task) => task.Name switch
    {
        Core.Tasks.TaskNames.SegmentSemantic => $"segmentation needs one channel per class, {task.Classes}",
        Core.Tasks.TaskNames.Normal => "normals need 3",
        Core.Tasks.TaskNames.Depth => "depth needs 1",
        _ => $"{task.Name} needs {task.OutputChannels}",
    };
}
