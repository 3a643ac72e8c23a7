using System.Text;

namespace MtlAttack.Client.Tests;

/// <summary>Answers every request with one canned response and remembers the request.</summary>
internal sealed class StubHandler(HttpStatusCode status, string body, string mediaType) : HttpMessageHandler
{
    public HttpRequestMessage? LastRequest { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastRequest = request;
        return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
    }
}
