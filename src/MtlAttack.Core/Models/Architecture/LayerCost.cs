namespace MtlAttack.Core.Models.Architecture;

/// <summary>
/// What a layer costs for one image: trainable parameters, multiply-adds of its convolutions and linear maps
/// (the "FLOPs" figure of the reference studies, which count one multiply-add as one operation), and the shape it
/// produces. Batch-norm, activations, pooling and bias additions are not counted as multiply-adds.
/// </summary>
public readonly record struct LayerCost(long Parameters, long MultiplyAdds, FeatureShape Output)
{
    /// <summary>Cost of running <paramref name="next"/> after this layer.</summary>
    public LayerCost Then(LayerCost next) => new(Parameters + next.Parameters, MultiplyAdds + next.MultiplyAdds, next.Output);
}
