using System.Numerics;
using System.Runtime.InteropServices;

namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>The O(n) passes over a sample's coordinates, SIMD-wide: outside the small LPs they are the whole cost.</summary>
internal static class DenseKernels
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..a.Length]);
        var sum = Vector<double>.Zero;
        for (int i = 0; i < va.Length; i++) sum += va[i] * vb[i];
        double total = Vector.Sum(sum);
        for (int i = va.Length * Vector<double>.Count; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }

    /// <summary>target -= factor * source.</summary>
    public static void SubtractScaled(Span<double> target, ReadOnlySpan<double> source, double factor)
    {
        if (factor == 0) return;
        var vt = MemoryMarshal.Cast<double, Vector<double>>(target);
        var vs = MemoryMarshal.Cast<double, Vector<double>>(source[..target.Length]);
        var f = new Vector<double>(factor);
        for (int i = 0; i < vt.Length; i++) vt[i] -= f * vs[i];
        for (int i = vt.Length * Vector<double>.Count; i < target.Length; i++) target[i] -= factor * source[i];
    }

    public static void Scale(Span<double> values, double factor)
    {
        var v = MemoryMarshal.Cast<double, Vector<double>>(values);
        var f = new Vector<double>(factor);
        for (int i = 0; i < v.Length; i++) v[i] *= f;
        for (int i = v.Length * Vector<double>.Count; i < values.Length; i++) values[i] *= factor;
    }

    public static double MaxAbs(ReadOnlySpan<double> values)
    {
        var v = MemoryMarshal.Cast<double, Vector<double>>(values);
        var max = Vector<double>.Zero;
        for (int i = 0; i < v.Length; i++) max = Vector.Max(max, Vector.Abs(v[i]));
        double result = 0;
        for (int k = 0; k < Vector<double>.Count; k++) result = Math.Max(result, max[k]);
        for (int i = v.Length * Vector<double>.Count; i < values.Length; i++) result = Math.Max(result, Math.Abs(values[i]));
        return result;
    }

    public static double SumAbs(ReadOnlySpan<double> values)
    {
        var v = MemoryMarshal.Cast<double, Vector<double>>(values);
        var sum = Vector<double>.Zero;
        for (int i = 0; i < v.Length; i++) sum += Vector.Abs(v[i]);
        double total = Vector.Sum(sum);
        for (int i = v.Length * Vector<double>.Count; i < values.Length; i++) total += Math.Abs(values[i]);
        return total;
    }

    public static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var x in values)
            if (!double.IsFinite(x)) return false;
        return true;
    }
}
