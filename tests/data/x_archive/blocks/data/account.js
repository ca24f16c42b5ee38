window.YTD.account.part0 = [
  {
    "account" : {
      "createdVia" : "web",
      "username" : "MiraOkafor",
      "accountId" : "4100000001",
      "createdAt" : "2012-05-04T08:00:00.000Z",
      "accountDisplayName" : "Mira Okafor"
    }
  }
]
