global using MtlAttack.Client;
global using System.Net;
