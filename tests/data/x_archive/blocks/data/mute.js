window.YTD.mute.part0 = [
  {
    "muting" : {
      "accountId" : "4100000060",
      "userLink" : "https://twitter.com/intent/user?user_id=4100000060"
    }
  },
  {
    "mute" : {
      "accountId" : "4100000061",
      "userLink" : "https://twitter.com/intent/user?user_id=4100000061"
    }
  }
]
