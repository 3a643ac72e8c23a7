global using MtlAttack.Client;
global using MtlAttack.Client.Contracts;
global using MtlAttack.Testing;
global using System.Net;
