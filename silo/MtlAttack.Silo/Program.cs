using Microsoft.Extensions.Hosting;
using MtlAttack.Silo;

var builder = Host.CreateApplicationBuilder(args);
builder.AddMtlAttackSilo();
await builder.Build().RunAsync();
