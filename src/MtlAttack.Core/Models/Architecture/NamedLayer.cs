namespace MtlAttack.Core.Models.Architecture;

/// <summary>A child layer and the name it gets in state-dict keys (e.g. <c>conv1</c>, <c>layer1</c>, <c>0</c>).</summary>
public sealed record NamedLayer(string Name, LayerSpec Layer);
