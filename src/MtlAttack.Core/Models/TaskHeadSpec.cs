namespace MtlAttack.Core.Models;

/// <summary>One task's head in a model spec.</summary>
/// <param name="Name">Canonical task name, e.g. <c>segment_semantic</c>; it names the head in state-dict keys (<c>heads.{Name}.…</c>).</param>
/// <param name="OutputChannels">Channels the head predicts (<c>VisionTask.OutputChannels</c>).</param>
/// <param name="Classes">Number of classes for segmentation tasks; null for regression tasks.</param>
public sealed record TaskHeadSpec(string Name, int OutputChannels, int? Classes = null);
