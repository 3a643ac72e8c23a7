using System.Globalization;

namespace MtlAttack.Core.Reporting;

/// <summary>
/// Numbers as the reference's Python writes them (<see cref="ReferenceCsv"/>): NumPy's rounding of a float64 and the
/// text <c>str()</c> gives a float64, so that a CSV written here matches one the reference wrote, character for character.
/// </summary>
public static class PythonNumbers
{
    /// <summary>
    /// <c>round(np.float64(x), decimals)</c>: NumPy multiplies by 10^decimals, rounds half to even and divides back (not
    /// Python's correctly rounded decimal round), so this does the same in the same binary arithmetic.
    /// </summary>
    public static double NumpyRound(double x, int decimals)
    {
        double scale = Math.Pow(10, decimals);
        return Math.Round(x * scale, MidpointRounding.ToEven) / scale;
    }

    /// <summary>
    /// <c>str()</c> of a float64 (Python's <c>repr</c>, which NumPy's <c>str</c> of a float64 matches): the shortest digits
    /// that read back to the same double, positional when the decimal exponent is in [-4, 16) (with ".0" for whole
    /// numbers), else scientific with a two-digit exponent at least (<c>1e-05</c>, <c>1.5e+16</c>); <c>nan</c>, <c>inf</c>.
    /// </summary>
    public static string Str(double x)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        string sign = double.IsNegative(x) ? "-" : "";
        if (x == 0) return sign + "0.0";
        var (digits, pointAt) = ShortestDigits(Math.Abs(x));
        int exponent = pointAt - 1;
        if (exponent >= -4 && exponent < 16)
        {
            if (pointAt <= 0) return sign + "0." + new string('0', -pointAt) + digits;
            if (pointAt >= digits.Length) return sign + digits + new string('0', pointAt - digits.Length) + ".0";
            return sign + digits[..pointAt] + "." + digits[pointAt..];
        }
        string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
    }

    /// <summary>The shortest round-trip digits of a positive finite x, without leading or trailing zeros, and where the point goes: x = 0.DIGITS x 10^pointAt.</summary>
    private static (string Digits, int PointAt) ShortestDigits(double x)
    {
        // .NET's "R" is the shortest round-trippable form, e.g. "0.0001", "123.5", "1E-05", "1.5E+16".
        string text = x.ToString("R", CultureInfo.InvariantCulture);
        int e = text.IndexOfAny(['E', 'e']);
        int exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
        string mantissa = e < 0 ? text : text[..e];
        int point = mantissa.IndexOf('.');
        int integerDigits = point < 0 ? mantissa.Length : point;
        string all = mantissa.Replace(".", "");
        int leadingZeros = all.Length - all.TrimStart('0').Length;
        return (all.Trim('0'), integerDigits - leadingZeros + exponent);
    }
}
