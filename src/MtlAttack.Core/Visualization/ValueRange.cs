namespace MtlAttack.Core.Visualization;

/// <summary>Min and max of one channel over the valid, finite pixels: per-image normalisation for display.</summary>
public readonly record struct ValueRange(float Min, float Max)
{
    public static ValueRange Of(Planes values, int channel, Planes mask)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (int y = 0; y < values.Height; y++)
            for (int x = 0; x < values.Width; x++)
            {
                if (!mask.IsValid(y, x)) continue;
                float v = values[channel, y, x];
                if (!float.IsFinite(v)) continue;
                if (v < min) min = v;
                if (v > max) max = v;
            }
        return float.IsFinite(min) ? new ValueRange(min, max) : new ValueRange(0, 0);
    }

    /// <summary>Position of <paramref name="value"/> in the range, in [0, 1]; a flat image maps to 0.</summary>
    public double Normalize(float value) => Max > Min ? Math.Clamp((value - Min) / (double)(Max - Min), 0, 1) : 0;
}
