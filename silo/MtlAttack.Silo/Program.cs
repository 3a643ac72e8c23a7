using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using MtlAttack.Silo;

var builder = Host.CreateApplicationBuilder(args);
// The standalone silo serves the Orleans dashboard unless configuration says MtlAttack:Silo:Dashboard:Enabled=false.
bool dashboard = builder.Configuration.GetValue($"{MtlAttackSiloOptions.Section}:Dashboard:Enabled", true);
builder.AddMtlAttackSilo(o => o.Dashboard.Enabled = dashboard);
await builder.Build().RunAsync();
