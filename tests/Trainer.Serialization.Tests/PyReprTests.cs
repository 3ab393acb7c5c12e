using Trainer.Shared.Serialization;

namespace Trainer.Serialization.Tests;

/// <summary>Plain values print as Python's repr prints them (the expected strings are Python 3.11's).</summary>
public class PyReprTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0, "1.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1.5e-07, "1.5e-07")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.2345678901234567e19, "1.2345678901234567e+19")]
    [InlineData(1e100, "1e+100")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(0.999, "0.999")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Float_Value_MatchesPythonRepr(double value, string python)
    {
        Assert.Equal(python, PyRepr.Float(value));
    }

    [Theory]
    [InlineData("adam", "'adam'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("a'b\"c", "'a\\'b\"c'")]
    [InlineData("tab\there\n", "'tab\\there\\n'")]
    [InlineData("back\\slash", "'back\\\\slash'")]
    public void String_Value_MatchesPythonRepr(string value, string python)
    {
        Assert.Equal(python, PyRepr.String(value));
    }
}
