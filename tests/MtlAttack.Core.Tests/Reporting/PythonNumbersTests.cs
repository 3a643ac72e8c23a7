using MtlAttack.Core.Reporting;

namespace MtlAttack.Core.Tests.Reporting;

/// <summary>Number text and rounding as Python 3 and NumPy give them (the expected strings are what CPython prints).</summary>
public class PythonNumbersTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(16.0, "16.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-0.000015, "-1.5e-05")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.5e16, "1.5e+16")]
    [InlineData(1e100, "1e+100")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void StrMatchesPython(double value, string expected) => Assert.Equal(expected, PythonNumbers.Str(value));

    [Theory]
    [InlineData(0.12345, 4, 0.1234)] // 0.12345 * 1e4 is 1234.5 in binary arithmetic: half to even (Python's decimal round would give 0.1235)
    [InlineData(0.00025, 4, 0.0002)] // 2.5 exactly: half to even
    [InlineData(0.00035, 4, 0.0004)] // 3.5 exactly: half to even
    [InlineData(-1.2345675, 6, -1.234568)]
    public void NumpyRoundMultipliesRoundsHalfToEvenAndDivides(double value, int decimals, double expected) =>
        Assert.Equal(expected, PythonNumbers.NumpyRound(value, decimals));
}
